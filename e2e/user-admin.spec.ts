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
