import { expect, test } from '@playwright/test';
import { ACCOUNTS, createUser, signIn, signInNewContext } from './helpers';

test('the fields of a user’s Edit dialog are labelled and their labels act on that dialog', async ({ page }) => {
  const user = createUser(['auditor']);
  await signIn(page, ACCOUNTS.admin);
  await page.goto('/admin/users');
  await page.getByRole('button', { name: `Edit ${user.email}` }).click();
  const edit = page.getByRole('dialog', { name: `Edit ${user.email}` });

  await expect.soft(edit.getByRole('textbox', { name: 'Name' })).toHaveValue(user.name);
  await expect.soft(edit.getByRole('checkbox', { name: 'Auditor' })).toBeChecked();
  await expect.soft(edit.getByRole('checkbox', { name: /^Disabled/ })).not.toBeChecked();
  await edit.locator('label', { hasText: /^Disabled/ }).click();
  await expect.soft(edit.locator('input[name="disabled"]')).toBeChecked();
  await edit.getByRole('button', { name: 'Cancel' }).click();
  await expect(edit).toBeHidden();
});

test('a role an admin grants that needs no confirmation applies on the person’s next request', async ({ page, browser }) => {
  const user = createUser(['data_scientist']);
  const person = await signInNewContext(browser, user.email, user.password);
  const nav = person.page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Audit trail' })).toHaveCount(0);

  await signIn(page, ACCOUNTS.admin);
  await page.goto('/admin/users');
  const row = page.getByRole('row').filter({ hasText: user.email });
  await row.getByRole('button', { name: `Edit ${user.email}` }).click();
  const edit = page.getByRole('dialog', { name: `Edit ${user.email}` });
  await edit.getByRole('checkbox', { name: 'Auditor' }).check();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText('Auditor');

  await person.page.goto('/systems');
  await expect(nav.getByRole('link', { name: 'Audit trail' })).toBeVisible();
  expect((await person.page.goto('/audit'))?.status()).toBe(200);
  await person.context.close();
});

test('an admin changes a person’s sign-in address: they sign in with the new one, the old one signs no one in, and no one else may take it', async ({ page, browser }) => {
  const user = createUser(['data_scientist']);
  const other = createUser(['auditor']);
  await signIn(page, ACCOUNTS.admin);
  await page.goto('/admin/users');
  await page.getByRole('button', { name: `Edit ${user.email}` }).click();
  const edit = page.getByRole('dialog', { name: `Edit ${user.email}` });
  await expect(edit.getByRole('textbox', { name: 'Email' })).toHaveValue(user.email);
  const renamed = `renamed-${user.email}`;
  await edit.getByRole('textbox', { name: 'Email' }).fill(` ${renamed.toUpperCase()} `);
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByRole('row').filter({ hasText: renamed })).toContainText(user.name);

  // The former address stays the person's: another account may not take it, and nothing changes.
  await page.getByRole('button', { name: `Edit ${other.email}` }).click();
  const taking = page.getByRole('dialog', { name: `Edit ${other.email}` });
  await taking.getByRole('textbox', { name: 'Email' }).fill(user.email);
  await taking.getByRole('button', { name: 'Save' }).click();
  await expect(taking.getByRole('alert').filter({ hasText: `${user.email} was an address of ${user.name}` }).first()).toBeVisible();
  await expect(taking.getByRole('textbox', { name: 'Email' })).toHaveAttribute('aria-invalid', 'true');
  await taking.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('row').filter({ hasText: other.email })).toContainText(other.name);

  const person = await signInNewContext(browser, renamed, user.password);
  await person.page.goto('/account');
  await expect(person.page.getByRole('main')).toContainText(renamed);
  await person.context.close();
  const stranger = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const login = await stranger.newPage();
  await login.goto('/login');
  await login.getByLabel('Email').fill(user.email);
  await login.getByLabel('Password').fill(user.password);
  await login.getByRole('button', { name: 'Sign in' }).click();
  await expect(login.locator('form').getByRole('alert')).toHaveText('Invalid email or password.');
  await stranger.close();
});
