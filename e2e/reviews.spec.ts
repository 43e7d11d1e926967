import { expect, test } from '@playwright/test';
import { holdsUpAtDesktopAndPhone } from './axe';
import { ACCOUNTS, DEMO_PASSWORD, createSystemAs, signIn, signInNewContext, unique } from './helpers';

// A risk officer finds an overdue review on the reviews page and signs it, after a refused attempt, over its snapshot.
test.describe.configure({ timeout: 180_000 });

test('a risk officer signs an overdue review with conditions over the snapshot the dialog shows', async ({ page, browser }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  // The owner registers it; a risk officer who owns a system never signs its review.
  const owner = await signInNewContext(browser, ACCOUNTS.dataScientist);
  const system = await createSystemAs(owner.page, { name: unique('Review subject'), riskTier: 'limited', nextReviewDate: '2026-01-15' });
  await owner.context.close();
  await signIn(page, ACCOUNTS.riskOfficer);
  const own = await createSystemAs(page, { name: unique('Rita’s own'), riskTier: 'limited', nextReviewDate: '2026-01-15' });
  await page.goto(`/systems/${own.id}/reviews`);
  await expect(page.getByText('You own this system: another risk officer signs its review.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign review' })).toHaveCount(0);

  await page.goto('/reviews?status=overdue&riskTier=limited&pageSize=200');
  const row = page.getByRole('row').filter({ hasText: system.name });
  await expect(row).toContainText('Overdue');
  // Its periodic date set the day: the Due by column shows it, with no other day beside it.
  await expect(row.locator('td[data-label="Due by"]')).toHaveText('2026-01-15');
  await holdsUpAtDesktopAndPhone(page);
  await row.getByRole('link', { name: system.name }).click();

  await expect(page).toHaveURL(new RegExp(`/systems/${system.id}/reviews$`));
  await expect(page.getByRole('heading', { name: /Reviews/ }).first()).toContainText('Overdue');
  // A badge keeps its own letter spacing: the heading's tight tracking once swallowed the space of "Due now".
  expect(await page.locator('h1 .badge').first().evaluate((badge) => getComputedStyle(badge).letterSpacing)).toBe('normal');
  await holdsUpAtDesktopAndPhone(page);

  await page.getByRole('button', { name: 'Sign review' }).click();
  const dialog = page.getByRole('dialog', { name: `Sign the review of ${system.name}` });
  await expect(dialog.getByTestId('review-snapshot-digest')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(dialog).toContainText('No open trigger: a periodic review');
  // A system with no version in production and no severe finding: nothing is flagged to weigh.
  await expect(dialog.getByTestId('review-gaps')).toHaveCount(0);
  // No outcome is chosen for the signer.
  await expect(dialog.getByTestId('review-meaning')).toHaveText('Choose an outcome: the statement you sign appears here.');
  await expect(dialog.getByRole('button', { name: 'Sign review' })).toBeDisabled();
  await dialog.getByLabel('Continue with conditions').check();
  await expect(dialog.getByTestId('review-meaning')).toContainText('with the outcome: continue with conditions, as Risk officer');
  await dialog.getByLabel('Your password').fill('not-the-password');
  await dialog.getByRole('button', { name: 'Sign review' }).click();
  await expect(dialog.getByText('Say the conditions or restrictions this outcome sets.').first()).toBeVisible();
  await dialog.getByLabel('Conditions', { exact: true }).fill('Re-run the fairness evaluation on the 2026 data by 2027-03-31.');
  await dialog.getByRole('button', { name: 'Sign review' }).click();
  await expect(dialog.getByText('Wrong password.', { exact: true })).toBeVisible();
  await dialog.getByLabel('Your password').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Sign review' }).click();

  await expect(page.getByTestId('sign-confirmation')).toContainText('You signed the review');
  await expect(page.getByTestId('outcome-next-steps')).toContainText('Re-run the fairness evaluation');
  const history = page.getByRole('region', { name: 'Signed reviews of this system' });
  await expect(history).toContainText('Continue with conditions');

  const listed = await page.request.get('/api/v1/reviews', { params: { systemId: system.id } });
  expect(listed.status()).toBe(200);
  const body = (await listed.json()) as { items: { status: string; nextReviewDate: string; review: { id: string; outcome: string } }[] };
  expect(body.items).toEqual([expect.objectContaining({ status: 'upcoming', review: expect.objectContaining({ outcome: 'continue_with_conditions' }) })]);

  await history.getByRole('link').first().click();
  await expect(page.getByTestId('review-snapshot')).toBeVisible();
  await expect(page.locator('main')).toContainText(system.name);
  await holdsUpAtDesktopAndPhone(page);
});

test('the demo’s serious incident makes the fraud system’s review due now, and the trigger opens the incident', async ({ page }) => {
  await signIn(page, ACCOUNTS.riskOfficer);
  const systems = (await (await page.request.get('/api/v1/systems', { params: { q: 'Card fraud' } })).json()) as { items: { id: string; name: string }[] };
  const fraud = systems.items.find((s) => s.name === 'Card fraud detection')!;
  await page.goto(`/systems/${fraud.id}/reviews`);
  const trigger = page.getByTestId('review-triggers').getByRole('listitem').filter({ hasText: 'Serious incident' });
  await expect(trigger).toContainText(/Serious incident INC-\d+: Legitimate card payments declined in two regions/);
  await trigger.getByRole('link', { name: 'Open the incident' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Legitimate card payments declined in two regions');
});

test('the review dialog flags a production version that reports no monitoring before the outcome is chosen', async ({ page }) => {
  await signIn(page, ACCOUNTS.riskOfficer);
  // The demo's AML system runs aml-alert-prioritiser 2.3.1 in production, and nothing reports monitoring for it.
  await page.goto('/systems?q=AML+transaction+monitoring');
  await page.getByRole('link', { name: 'AML transaction monitoring' }).first().click();
  await expect(page).toHaveURL(/\/systems\/[0-9a-f-]{36}$/);
  await page.goto(`${new URL(page.url()).pathname}/reviews`);
  await page.getByRole('button', { name: 'Sign review' }).click();
  const gaps = page.getByRole('dialog').getByTestId('review-gaps');
  await expect(gaps).toContainText('To weigh before you choose the outcome');
  await expect(gaps).toContainText(/in production reports? no monitoring results \(.*aml-alert-prioritiser 2\.3\.1.*\)/);
});
