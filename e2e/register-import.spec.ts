import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { ACCOUNTS, createToken, signIn, signInNewContext, unique } from './helpers';

test.describe.configure({ timeout: 120_000 });

const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

test('a risk officer brings in a register from a spreadsheet: checked first, every problem by line, then imported whole, and each owner is told', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.riskOfficer);
  await page.goto('/systems');
  await page.getByRole('link', { name: 'Import a register' }).click();
  await expect(page).toHaveURL(/\/systems\/import$/);
  await expect(page.getByRole('table', { name: 'Columns of a register' })).toContainText('Owner email');
  const template = await page.request.get('/api/v1/systems/import');
  expect(template.headers()['content-type']).toBe('text/csv; charset=utf-8');

  const [credit, claims] = [unique('Imported credit scoring'), unique('Imported claims triage')];
  const header = 'System;Purpose;Risk tier;Owner email;Lifecycle status;Personal data';
  // As Excel saves CSV where the decimal separator is a comma: semicolons, a byte-order mark, CRLF.
  const withProblem = `\uFEFF${header}\r\n${credit};Scores loan applications.;high;${ACCOUNTS.dataScientist};active;yes\r\n${claims};Routes claims.;limited;nobody@example.com;;maybe\r\n`;
  await page.getByLabel('Register file (CSV)').setInputFiles(csvFile('register.csv', withProblem));
  await page.getByRole('button', { name: 'Check the file' }).click();
  const problems = page.getByRole('alert').filter({ hasText: 'problems in the register' });
  await expect(problems).toContainText('2 problems in the register. Nothing was imported.');
  await expect(problems).toContainText('Line 3, Owner email: No active data scientist has the email nobody@example.com');
  await expect(problems).toContainText('Line 3, Personal data: Write yes or no.');
  await expectNoSeriousA11yViolations(page);

  const fixed = withProblem.replace('nobody@example.com;;maybe', `${ACCOUNTS.otherDataScientist};;no`);
  await page.getByLabel('Register file (CSV)').setInputFiles(csvFile('register.csv', fixed));
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByRole('heading', { name: '2 AI systems ready to import' })).toBeVisible();
  const plan = page.getByRole('table', { name: 'Systems the file would bring in' });
  await expect(plan.getByRole('row').filter({ hasText: credit })).toContainText('Dana Whitfield');
  await expect(plan.getByRole('row').filter({ hasText: claims })).toContainText('Confirmation awaited');
  // Checking wrote nothing.
  expect((await (await page.request.get(`/api/v1/systems?q=${encodeURIComponent(credit)}`)).json()).total).toBe(0);
  await expectNoSeriousA11yViolations(page);

  await page.getByRole('button', { name: 'Import 2 systems' }).click();
  const done = page.getByTestId('register-imported');
  await expect(done.getByRole('heading', { name: '2 AI systems imported' })).toBeVisible();
  await done.getByRole('link', { name: claims }).click();
  await expect(page.getByRole('heading', { name: claims })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: 'Sam Okafor' })).toBeVisible();

  // The same file again adds nothing: every name is already registered.
  await page.goto('/systems/import');
  await page.getByLabel('Register file (CSV)').setInputFiles(csvFile('register.csv', fixed));
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'problems in the register' })).toContainText(`Line 2, System: A system named "${credit}" is already registered.`);

  const { page: samPage, context } = await signInNewContext(browser, ACCOUNTS.otherDataScientist);
  await samPage.goto('/inbox');
  await expect(samPage.getByRole('link', { name: `Unread: Rita Chen brought in 1 AI system you own from a register: ${claims}` })).toBeVisible();
  await context.close();
});

test('a data scientist imports only their own systems, in the browser and with a pipeline token; an auditor is refused', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  await page.goto('/systems/import');
  await expect(page.getByText('You import systems you own')).toBeVisible();
  const name = unique('Own import');
  await page.getByLabel('Register file (CSV)').setInputFiles(csvFile('mine.csv', `System,Purpose,Risk tier,Owner email\n${name},Forecasts cash.,high,${ACCOUNTS.otherDataScientist}\n`));
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'problem in the register' })).toContainText('Line 2, Owner email: You register systems for yourself; a risk officer imports a register for other owners.');

  const token = createToken(ACCOUNTS.dataScientist, ['register']);
  const imported = await page.request.post('/api/v1/systems/import', { data: `System,Purpose,Risk tier,Owner email\n${name},Forecasts cash.,high,${ACCOUNTS.dataScientist}\n`, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' } });
  expect(imported.status()).toBe(201);
  expect((await imported.json()).systems[0]).toMatchObject({ name, owner: { email: ACCOUNTS.dataScientist } });

  const { page: audePage, context } = await signInNewContext(browser, ACCOUNTS.auditor);
  await audePage.goto('/systems');
  await expect(audePage.getByRole('link', { name: 'Import a register' })).toHaveCount(0);
  const refused = await audePage.goto('/systems/import');
  expect(refused?.status()).toBe(403);
  await context.close();
});
