import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { createSystemAs, createUser, sameOrigin, signIn, unique } from './helpers';

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
