import { expect, test } from '@playwright/test';
import { ACCOUNTS, signIn, unique } from './helpers';

test('a data scientist creates a token in the UI, sees its secret once, uses it, and revokes it', async ({ page, request }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  await page.goto('/tokens');
  const name = unique('notebook');
  await page.getByLabel('Name').fill(name);
  await page.getByRole('checkbox', { name: /^read/ }).check();
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = (await page.getByTestId('token-secret').textContent())!.trim();
  expect(secret).toMatch(/^pvn_/);
  const headers = { authorization: `Bearer ${secret}` };
  expect((await request.get('/api/v1/systems', { headers })).status()).toBe(200);
  // The live region says the secret was created; it never reads the secret aloud. Done puts the secret away.
  await expect(page.getByRole('status').filter({ hasText: 'Copy the secret now' })).not.toContainText(secret);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('token-secret')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('token-secret')).toHaveCount(0);
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row.getByRole('cell').nth(4)).not.toHaveText('Never');
  await row.getByRole('button', { name: `Revoke ${name}` }).click();
  await page.getByRole('dialog', { name: `Revoke the token “${name}”?` }).getByRole('button', { name: 'Revoke token' }).click();
  await expect(row).toContainText('Revoked');
  expect((await request.get('/api/v1/systems', { headers })).status()).toBe(401);
});

test('a token without scopes is refused with a field message', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  await page.goto('/tokens');
  await page.getByLabel('Name').fill(unique('no scopes'));
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByText('Choose at least one scope.', { exact: true })).toBeVisible();
  await expect(page.getByTestId('token-secret')).toHaveCount(0);
});
