import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { ACCOUNTS, DEMO_PASSWORD, createSystemAs, createUser, sameOrigin, signIn, signInNewContext, unique } from './helpers';

test.describe.configure({ timeout: 120_000 });

const PHONE = { width: 390, height: 844 };
const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
const utcMinute = (time: number) => new Date(time).toISOString().slice(0, 16).replace('T', ' ');

test('a serious incident gets its Art. 73 countdown, a timeline and an authority report PDF', async ({ page }) => {
  const dana = createUser(['data_scientist']);
  await signIn(page, dana.email, dana.password);
  const system = await createSystemAs(page, { riskTier: 'high', name: unique('Dispatch triage') });
  const title = unique('Chest pain calls ranked low');

  // Awareness in the future is refused field by field, and nothing is recorded.
  const future = await page.request.post('/api/v1/incidents', { data: { title, description: 'x', systemIds: [system.id], severity: 'high', serious: true, awareAt: '2999-01-01' }, headers: sameOrigin() });
  expect(future.status()).toBe(400);
  expect((await future.json()).error.issues).toEqual([{ path: 'awareAt', message: 'Cannot be in the future.' }]);

  await page.goto(`/incidents/new?systemId=${system.id}`);
  await expect(page.getByRole('checkbox', { name: system.name })).toBeChecked();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('What happened').fill('Calls describing chest pain were ranked as low priority for six hours.');
  await page.getByLabel('People affected').fill('14 callers in the northern region');
  const aware = Date.now() - 2 * 86_400_000;
  await page.getByLabel('Became aware').fill(utcMinute(aware));
  // Severity and seriousness are chosen, never defaulted: unanswered, the form says so and records nothing.
  const clock = page.getByLabel('Reporting clock');
  await expect(clock).toBeDisabled();
  await page.getByRole('button', { name: 'Record incident' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'to correct' });
  await expect(summary.getByRole('link', { name: /^Severity: Choose one of/ })).toBeVisible();
  await summary.getByRole('link', { name: /^Is it a serious incident .*: Say whether it is a serious incident\.$/ }).click();
  await expect(page.getByRole('radio', { name: /^Yes/ })).toBeFocused();
  await expect(page).toHaveURL(/\/incidents\/new/);
  await page.getByLabel('Severity').selectOption('critical');
  const serious = page.getByRole('group', { name: /Is it a serious incident/ });
  await serious.getByRole('radio', { name: 'No' }).check();
  await expect(clock).toBeDisabled();
  await serious.getByRole('radio', { name: /^Yes/ }).check();
  await clock.selectOption('death');
  await page.getByRole('button', { name: 'Record incident' }).click();

  await expect(page).toHaveURL(/\/incidents\/[^/]+$/);
  const deadline = new Date(aware + 10 * 86_400_000).toISOString().slice(0, 10);
  await expect(page.getByText(`Report due in 8 days (${deadline}).`)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
  await expect(page.getByRole('link', { name: /^F-\d+ \S/ })).toHaveCount(1);

  await page.getByLabel('What was done').fill('Dispatchers told to override the ranking for chest pain.');
  await page.getByRole('button', { name: 'Add action' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Dispatchers told to override the ranking for chest pain.' })).toContainText(dana.name);
  await expectNoSeriousA11yViolations(page);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Report PDF' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^provenant-incident-\d+-\d{4}-\d{2}-\d{2}\.pdf$/);
  expect(fs.readFileSync(await download.path()).subarray(0, 5).toString()).toBe('%PDF-');

  await page.setViewportSize(PHONE);
  await page.reload();
  await expect(page.getByText(`Report due in 8 days (${deadline}).`)).toBeVisible();
  expect(await scrollsSideways(page)).toBe(false);
  await expectNoSeriousA11yViolations(page);

  await page.goto(`/incidents?systemId=${system.id}`);
  const row = page.getByRole('row').filter({ hasText: title });
  await expect(row).toContainText(`Report due in 8 days (${deadline}).`);
  await expect(row).toContainText('Open');
  expect(await scrollsSideways(page)).toBe(false);
  await expectNoSeriousA11yViolations(page);
});

test('a serious incident’s finding is remediated, not accepted: the page says why and links the incident, and the API refuses', async ({ page, browser }) => {
  const sam = createUser(['data_scientist']);
  await signIn(page, sam.email, sam.password);
  const system = await createSystemAs(page, { riskTier: 'high', name: unique('Claims triage') });
  const recorded = await page.request.post('/api/v1/incidents', {
    data: { title: unique('Valid claims rejected'), description: 'Valid motor claims were rejected for a day.', affectedPeople: '31 claimants', systemIds: [system.id], severity: 'high', serious: true, category: 'general', awareAt: new Date(Date.now() - 3_600_000).toISOString() },
    headers: sameOrigin(),
  });
  expect(recorded.status(), await recorded.text()).toBe(201);
  const incident = (await recorded.json()) as { id: string; number: number };

  const rita = await signInNewContext(browser, ACCOUNTS.riskOfficer);
  await rita.page.goto(`/incidents/${incident.id}`);
  await rita.page.getByRole('link', { name: /^F-\d+ \S/ }).click();
  await expect(rita.page).toHaveURL(/\/findings\/[^/]+$/);
  const findingId = new URL(rita.page.url()).pathname.split('/').at(-1)!;
  await expect(rita.page.getByTestId('remediated')).toHaveText(`This finding was raised by serious incident INC-${incident.number}: Art. 73(6) of the EU AI Act asks for investigation and corrective action, so its risk is not accepted and it is not closed as invalid. Close it as fixed once the corrective action is in place.`);
  await expect(rita.page.getByRole('button', { name: 'Accept the risk' })).toHaveCount(0);
  await expect(rita.page.getByRole('button', { name: 'Close finding' })).toHaveCount(0);
  await expect(rita.page.getByRole('link', { name: `INC-${incident.number}` })).toHaveAttribute('href', `/incidents/${incident.id}`);
  await expectNoSeriousA11yViolations(rita.page);

  const expiresOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const refused = await rita.page.request.patch(`/api/v1/findings/${findingId}`, { data: { status: 'accepted', justification: 'Low volume.', compensatingControls: 'Manual review.', expiresOn, password: DEMO_PASSWORD }, headers: sameOrigin() });
  expect(refused.status()).toBe(409);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/raised by serious incident INC-\d+: Art\. 73\(6\)/);
  const invalid = await rita.page.request.patch(`/api/v1/findings/${findingId}`, { data: { status: 'invalid', closureEvidence: 'Not our fault.', password: DEMO_PASSWORD }, headers: sameOrigin() });
  expect(invalid.status()).toBe(409);
  expect(((await invalid.json()) as { error: { message: string } }).error.message).toMatch(/not closed as invalid/);
  await rita.page.reload();
  await expect(rita.page.getByTestId('remediated')).toBeVisible();
  await rita.context.close();
});
