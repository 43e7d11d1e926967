import { expect, test } from '@playwright/test';
import { ACCOUNTS, addUserInBrowser, baseUrl, signIn, signInFirstTime, unique } from './helpers';

test('a user disabled by an admin is signed out on their next request, and their sessions stay ended when enabled again', async ({ page, browser }) => {
  const slug = unique('e2e-disabled').replace(' ', '-');
  const person = { name: `Dis Abled ${slug}`, email: `${slug}@example.test`, temporary: `tmp-${slug}-long-enough`, password: `pw-${slug}-long-enough` };

  // The admin adds the user in the "Add user" dialog.
  await signIn(page, ACCOUNTS.admin);
  const row = await addUserInBrowser(page, person, 'Data scientist');
  await expect(row).toContainText('Active');
  await expect(row).toContainText('Data scientist');

  // The new user signs in elsewhere, chooses their own password, and can use the app and the API.
  const user = await signInFirstTime(browser, person.email, person.temporary, person.password);
  await expect(user.page.getByTestId('current-user')).toHaveText(person.name);
  expect((await user.page.request.get('/api/v1/systems')).status()).toBe(200);
  // Someone holds a copy of their session cookie.
  const copy = await browser.newContext({ baseURL: baseUrl() });
  await copy.addCookies(await user.context.cookies());
  expect((await copy.request.get('/api/v1/systems')).status()).toBe(200);

  // The admin disables them.
  await page.getByRole('button', { name: `Edit ${person.email}` }).click();
  const edit = page.getByRole('dialog', { name: `Edit ${person.email}` });
  // By name rather than by label: user-admin.spec.ts covers the dialog's labels on their own.
  await edit.locator('input[name="disabled"]').check();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText('Disabled');

  // Their very next navigation lands on sign-in, and the API no longer knows them.
  await user.page.goto('/systems');
  await expect(user.page).toHaveURL(/\/login/);
  await expect(user.page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(user.page.getByTestId('current-user')).toHaveCount(0);
  const api = await user.page.request.get('/api/v1/systems');
  expect(api.status()).toBe(401);
  expect(((await api.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');

  // Signing in again is refused with the generic message.
  await user.page.getByLabel('Email').fill(person.email);
  await user.page.getByLabel('Password').fill(person.password);
  await user.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(user.page.locator('form').getByRole('alert')).toHaveText('Invalid email or password.');
  await expect(user.page.getByTestId('current-user')).toHaveCount(0);

  // Enabled again, they sign in afresh; the sessions that disabling ended (the copied cookie's) stay ended.
  await page.getByRole('button', { name: `Edit ${person.email}` }).click();
  await edit.locator('input[name="disabled"]').uncheck();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText('Active');
  expect((await copy.request.get('/api/v1/systems')).status()).toBe(401);
  await user.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(user.page.getByTestId('current-user')).toHaveText(person.name);
  expect((await copy.request.get('/api/v1/systems')).status()).toBe(401);
  await copy.close();
  await user.context.close();
});
