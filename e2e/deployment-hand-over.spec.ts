import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { ACCOUNTS, createToken, signIn, unique } from './helpers';

test('a risk officer hands an endpoint someone else reported first to its real owner, who may then report there', async ({ page, request }) => {
  const endpoint = unique('https://fraud.internal/score');
  const report = (token: string, digest: string) => request.post('/api/v1/deployments', { headers: { authorization: `Bearer ${token}` }, data: { environment: 'production', endpoint, reportedSha256: digest } });
  // Bytes no version has (random, so no other test's version shares them).
  const [a, b] = [randomBytes(32).toString('hex'), randomBytes(32).toString('hex')];
  const [sam, dana] = [createToken(ACCOUNTS.otherDataScientist, ['deploy:report']), createToken(ACCOUNTS.dataScientist, ['deploy:report'])];
  expect((await report(sam, a)).status()).toBe(201);
  const refused = await report(dana, b);
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toMatch(/unless a risk officer hands the endpoint over/);

  await signIn(page, ACCOUNTS.riskOfficer);
  await page.goto(`/lineage/deployments?q=${encodeURIComponent(endpoint)}`);
  const row = page.getByRole('row').filter({ hasText: endpoint });
  await expect(row.getByTestId('deployment-reporter')).toHaveText('Reporter: Sam Okafor');
  await row.getByRole('button', { name: `Change reporter of production ${endpoint}` }).click();
  const dialog = page.getByRole('dialog', { name: `Change who reports at ${endpoint}` });
  await expect(dialog).toContainText('Sam Okafor reports at this production endpoint now.');
  await dialog.getByRole('button', { name: 'Change reporter' }).click();
  await expect(dialog.getByText('2 fields to correct.')).toBeVisible();
  await dialog.getByLabel('New reporter').selectOption({ label: 'Dana Whitfield (dana.whitfield@example.com)' });
  await dialog.getByLabel('Reason').fill('Sam reported at the fraud service by mistake; Dana runs it.');
  await dialog.getByRole('button', { name: 'Change reporter' }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId('deployment-reporter')).toHaveText('Reporter: Dana Whitfield');

  expect((await report(dana, b)).status()).toBe(200);
  expect((await report(sam, a)).status()).toBe(403);
  await page.goto(`/audit?action=deployment.handed_over`);
  await expect(page.getByRole('main')).toContainText(endpoint);
});

test('no one but a risk officer is offered the hand-over', async ({ page }) => {
  await signIn(page, ACCOUNTS.auditor);
  await page.goto('/lineage/deployments');
  await expect(page.getByRole('table', { name: /^Deployments: / })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Change reporter/ })).toHaveCount(0);
});
