import { expect, test } from '@playwright/test';
import { ACCOUNTS, createToken, signIn, signInNewContext, unique } from './helpers';

test('a data scientist creates a token in the UI, sees its secret once, uses it, and revokes it', async ({ page, request }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  await page.goto('/tokens');
  const name = unique('notebook');
  await page.getByLabel('Name').fill(name);
  await page.getByRole('checkbox', { name: /^read/ }).check();
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = (await page.getByTestId('token-secret').textContent())!.trim();
  expect(secret).toMatch(/^pvn_/);
  // The form that had focus has emptied: focus moves to the secret's panel, and Copy says what it did (copied, or
  // where the browser refuses the clipboard, the secret selected for the keyboard).
  await expect(page.locator('div[tabindex="-1"]').filter({ has: page.getByTestId('token-secret') })).toBeFocused();
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect.poll(async () => (await page.getByRole('button', { name: 'Copied' }).count()) === 1 || (await page.evaluate(() => window.getSelection()?.toString().trim())) === secret).toBe(true);
  // Tokens expire in 90 days unless the person chooses otherwise.
  await expect(page.getByRole('row').filter({ hasText: name })).toContainText(new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));
  const headers = { authorization: `Bearer ${secret}` };
  expect((await request.get('/api/v1/systems', { headers })).status()).toBe(200);
  // The page tells a pipeline this server's address and the call to make: followed as written, it answers.
  const usage = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Use a token from a pipeline' }) });
  const environment = (await usage.getByLabel('Environment of the pipeline').textContent())!;
  const baseUrl = /^PROVENANT_URL=(\S+)$/m.exec(environment)![1]!;
  expect(new URL(baseUrl).port).toBe(new URL(page.url()).port);
  const call = (await usage.getByLabel('Example call').textContent())!.replaceAll('$PROVENANT_URL', baseUrl);
  expect((await request.get(/"(http[^"]+)"/.exec(call)![1]!, { headers })).status()).toBe(200);
  await expect(usage.getByRole('row').filter({ hasText: 'provenant promote' })).toContainText('promote');
  const described = await request.get((await usage.getByRole('link', { name: '/api/v1/openapi.json' }).getAttribute('href'))!, { headers });
  expect((await described.json()).openapi).toMatch(/^3\.1/);
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

test('an administrator revokes a data scientist’s leaked token with a reason; the owner keeps their account and is told', async ({ page, request, browser }) => {
  const name = unique('leaked-ci');
  const secret = createToken(ACCOUNTS.dataScientist, ['read']);
  const headers = { authorization: `Bearer ${secret}` };
  expect((await request.get('/api/v1/systems', { headers })).status()).toBe(200);
  // The CLI names the token; find it by its prefix, as the administrator would from the leaked secret.
  await signIn(page, ACCOUNTS.admin);
  await page.goto('/tokens');
  const everyone = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Everyone else’s tokens in force' }) });
  const row = everyone.getByRole('row').filter({ hasText: `${secret.slice(0, 10)}…` });
  await expect(row).toContainText('Dana Whitfield');
  await row.getByRole('button', { name: /^Revoke Dana Whitfield’s token/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Revoke token' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Why' })).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByRole('textbox', { name: 'Why' }).fill(`Printed in a public CI log (${name}).`);
  await dialog.getByRole('button', { name: 'Revoke token' }).click();
  await expect(row).toHaveCount(0);
  expect((await request.get('/api/v1/systems', { headers })).status()).toBe(401);
  const dana = await signInNewContext(browser, ACCOUNTS.dataScientist);
  await dana.page.goto('/inbox');
  await expect(dana.page.getByRole('link', { name: new RegExp(`revoked your API token .*Printed in a public CI log \\(${name}\\)`) })).toBeVisible();
  await dana.context.close();
});
