import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, countSystemsMatching, createSystemAs, getSystem, sameOrigin, signIn, signInNewContext, unique } from './helpers';

/** The dashboard's count of systems in use for one tier, read from the chart's table fallback. */
async function dashboardTierCount(page: Page, tier: string) {
  await page.goto('/');
  const table = page.getByRole('table', { name: 'Systems by risk tier: planned, in development and active (retired excluded)' });
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: tier, exact: true }) });
  return Number(await row.getByRole('cell').textContent());
}

const systemIdFrom = (page: Page) => new URL(page.url()).pathname.split('/').at(-1)!;

test('a data scientist registers a system through the questionnaire, edits it, and finds it in the list and on the dashboard', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const highBefore = await dashboardTierCount(page, 'High');
  const name = unique('E2E CV triage');
  const purpose = `Sorts applications for recruiters (${name}).`;

  await page.goto('/systems/new');
  const nameField = page.getByLabel('Name', { exact: true });
  const register = page.getByRole('button', { name: 'Register system' });

  // An empty name is refused beside the field, and nothing is written.
  await page.getByLabel('Purpose', { exact: true }).fill(purpose);
  await register.click();
  await expect(nameField).toHaveAccessibleDescription('Required.');
  await expect(nameField).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/systems\/new$/);
  expect(await countSystemsMatching(page.request, name)).toBe(0);

  // An Annex III answer proposes High; choosing a lower tier without a reason is refused.
  await nameField.fill(name);
  await page.getByRole('checkbox', { name: /Recruitment, CV screening/ }).check();
  await expect(page.locator('p', { hasText: 'Proposed tier:' })).toContainText('High');
  const tier = page.getByLabel('Risk tier');
  await expect(tier).toHaveValue('high');
  await tier.selectOption('minimal');
  await register.click();
  const reason = page.getByLabel('Why a lower tier than proposed applies');
  await expect(reason).toHaveAccessibleDescription(/proposes "high"/);
  await expect(page).toHaveURL(/\/systems\/new$/);
  expect(await countSystemsMatching(page.request, name)).toBe(0);

  // With the proposed tier the system is created.
  await tier.selectOption('high');
  await register.click();
  await expect(page).toHaveURL(/\/systems\/[0-9a-f-]{36}$/);
  const id = systemIdFrom(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('High');
  const created = await getSystem(page.request, id);
  expect(created).toMatchObject({ name, purpose, riskTier: 'high' });
  expect(created.riskRationale).toMatchObject({ proposedTier: 'high', chosenTier: 'high', answers: { employment: true } });

  // Edit: a new purpose and a review due today.
  const newPurpose = `Shortlists graduate applications (${name}).`;
  const today = new Date().toISOString().slice(0, 10);
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await expect(page).toHaveURL(`/systems/${id}/edit`);
  await page.getByLabel('Purpose', { exact: true }).fill(newPurpose);
  await page.getByLabel('Next review date').fill(today);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(`/systems/${id}`);
  await expect(page.getByText(newPurpose)).toBeVisible();
  expect(await getSystem(page.request, id)).toMatchObject({ purpose: newPurpose, nextReviewDate: today, riskTier: 'high' });

  // The filtered list finds it by tier and text.
  await page.goto('/systems');
  const search = page.getByRole('search');
  await search.getByLabel('Search').fill(name);
  await search.getByLabel('Risk tier').selectOption('high');
  await search.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/riskTier=high/);
  const rows = page.getByRole('table', { name: 'AI systems' }).locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.getByRole('link', { name })).toHaveAttribute('href', `/systems/${id}`);

  // The dashboard counts it and lists its review as due.
  expect(await dashboardTierCount(page, 'High')).toBeGreaterThanOrEqual(highBefore + 1);
  await expect(page.getByRole('link', { name })).toHaveAttribute('href', `/systems/${id}/reviews`);
});

test('a risk officer reclassifies a system while its owner cannot', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const system = await createSystemAs(page, { riskTier: 'high', riskAnswers: { employment: true } });

  // The owner's edit form shows the classification disabled, and the API refuses the owner a new tier.
  await page.goto(`/systems/${system.id}/edit`);
  await expect(page.getByText('Only a risk officer can change the classification.')).toBeVisible();
  await expect(page.getByLabel('Risk tier')).toBeDisabled();
  await expect(page.getByRole('checkbox', { name: /Recruitment, CV screening/ })).toBeDisabled();
  const ownerAttempt = await page.request.patch(`/api/v1/systems/${system.id}`, {
    data: { riskTier: 'minimal', riskOverrideReason: 'I would rather not.' },
    headers: sameOrigin(),
  });
  expect(ownerAttempt.status()).toBe(403);
  expect((await getSystem(page.request, system.id)).riskTier).toBe('high');

  // The risk officer lowers the tier with a reason.
  const officer = await signInNewContext(browser, ACCOUNTS.riskOfficer);
  const reason = unique('Only ranks internal transfers, no hiring decision');
  await officer.page.goto(`/systems/${system.id}/edit`);
  const tier = officer.page.getByLabel('Risk tier');
  await expect(tier).toBeEnabled();
  await tier.selectOption('limited');
  await officer.page.getByLabel('Why a lower tier than proposed applies').fill(reason);
  await officer.page.getByRole('button', { name: 'Save changes' }).click();
  await expect(officer.page).toHaveURL(`/systems/${system.id}`);
  await expect(officer.page.getByRole('heading', { level: 1 })).toContainText('Limited');
  await expect(officer.page.getByText(reason)).toBeVisible();
  await officer.context.close();

  const reclassified = await getSystem(page.request, system.id);
  expect(reclassified.riskTier).toBe('limited');
  expect(reclassified.riskRationale).toMatchObject({ chosenTier: 'limited', proposedTier: 'high', overrideReason: reason, classifiedBy: ACCOUNTS.riskOfficer });

  // The owner still sees it read-only, with the new tier.
  await page.goto(`/systems/${system.id}/edit`);
  await expect(page.getByLabel('Risk tier')).toHaveValue('limited');
  await expect(page.getByLabel('Risk tier')).toBeDisabled();
});

test('a text search does not widen the other filters', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const name = unique('E2E fraud triage');
  // The search text is in the name and in the purpose, so each searched column must still honour the tier.
  await createSystemAs(page, { name, purpose: `Routes alerts (${name}).`, riskTier: 'high' });

  await page.goto('/systems');
  const search = page.getByRole('search');
  await search.getByLabel('Search').fill(name);
  await search.getByLabel('Risk tier').selectOption('minimal');
  await search.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/riskTier=minimal/);
  await expect(page.getByText('No systems match these filters')).toBeVisible();

  const api = await page.request.get('/api/v1/systems', { params: { q: name, riskTier: 'minimal' } });
  expect(((await api.json()) as { total: number }).total).toBe(0);
});

test('the systems list marks a review date that has passed as overdue, and one a trigger made due now, as the reviews page does', async ({ page }) => {
  await signIn(page, ACCOUNTS.auditor);
  // The demo's AML system was never reviewed since its first date, nine days ago.
  await page.goto('/systems?q=AML+transaction+monitoring');
  const row = page.getByRole('row').filter({ hasText: 'AML transaction monitoring' });
  await expect(row.getByText('Overdue')).toBeVisible();
  await page.goto('/systems?q=Card+fraud+detection');
  const fraud = page.getByRole('row').filter({ hasText: 'Card fraud detection' });
  await expect(fraud.getByText('Overdue')).toHaveCount(0);
  // Its date is weeks away, but its serious incident made the review due now: the list says so, as its page does.
  await expect(fraud.getByText('Due now')).toBeVisible();
  // The column leads with the day the trigger set, earlier than the periodic date, which follows under it.
  const due = fraud.locator('td[data-label="Next review"]');
  await expect(due).toHaveText(/^(\d{4}-\d{2}-\d{2})Due nowset by a trigger; periodic (\d{4}-\d{2}-\d{2})$/);
  // The reviews list says the same day in its Due by column, the periodic date under it.
  const [, dueBy, periodic] = /^(\d{4}-\d{2}-\d{2})Due nowset by a trigger; periodic (\d{4}-\d{2}-\d{2})$/.exec((await due.textContent())!)!;
  expect(dueBy! < periodic!).toBe(true);
  await page.goto('/reviews?status=due_now');
  const review = page.getByRole('row').filter({ hasText: 'Card fraud detection' });
  await expect(review.locator('td[data-label="Due by"]')).toHaveText(`${dueBy}periodic ${periodic}`);
});

test('a tier set above the questionnaire’s proposal is labelled as higher, with its reason', async ({ page }) => {
  await signIn(page, ACCOUNTS.auditor);
  await page.goto('/systems?q=Card+fraud+detection');
  await page.getByRole('link', { name: 'Card fraud detection' }).click();
  const classification = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Risk classification' }) });
  await expect(classification).toContainText('(questionnaire proposed minimal)');
  await expect(classification).toContainText('Reason for a higher tier: Held to the high tier by the model-risk policy');
  await expect(classification).not.toContainText('lower tier');
});
