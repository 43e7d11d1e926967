import { expect, test } from '@playwright/test';
import { ACCOUNTS, createUser, DEMO_PASSWORD, signIn, signInNewContext } from './helpers';

test('a risk officer role an admin gives is in force once another risk officer confirms it with their password', async ({ page, browser }) => {
  const user = createUser(['data_scientist']);
  const person = await signInNewContext(browser, user.email, user.password);
  const nav = person.page.getByRole('navigation', { name: 'Main' });

  await signIn(page, ACCOUNTS.admin);
  await page.goto('/admin/users');
  const row = page.getByRole('row').filter({ hasText: user.email });
  await row.getByRole('button', { name: `Edit ${user.email}` }).click();
  const edit = page.getByRole('dialog', { name: `Edit ${user.email}` });
  await edit.getByRole('checkbox', { name: 'Risk officer' }).check();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText('Risk officer: to be confirmed');
  // Not in force yet: the person's next request still has no audit trail (a risk officer's).
  await person.page.goto('/systems');
  await expect(nav.getByRole('link', { name: 'Audit trail' })).toHaveCount(0);
  // The giver and the person cannot decide it themselves.
  await page.getByRole('link', { name: 'Role confirmations' }).click();
  const pending = page.getByRole('row').filter({ hasText: user.email });
  await expect(pending).toContainText('You gave it');
  await person.page.goto('/role-grants');
  await expect(person.page.getByRole('row').filter({ hasText: user.email })).toContainText('It is for you');

  // A risk officer finds it in their inbox and decides, with their password.
  const rita = await signInNewContext(browser, ACCOUNTS.riskOfficer);
  await rita.page.goto('/inbox');
  await rita.page.getByRole('link', { name: `Confirm ${user.name} as risk officer` }).first().click();
  await expect(rita.page).toHaveURL(/\/role-grants/);
  const what = `Decide: Risk officer for ${user.name}`;
  await rita.page.getByRole('button', { name: what }).click();
  const dialog = rita.page.getByRole('dialog', { name: what });
  await dialog.getByRole('radio', { name: 'Reject' }).check();
  await dialog.getByLabel('Your password').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Sign decision' }).click();
  await expect(dialog.getByRole('link', { name: 'Comment (required to reject): A rejection needs a comment.' })).toBeVisible();
  await dialog.getByRole('radio', { name: 'Confirm' }).check();
  await dialog.getByLabel('Comment (required to reject)').fill('Joins the second line; agreed with their manager.');
  await dialog.getByLabel('Your password').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Sign decision' }).click();
  await expect(dialog).toBeHidden();
  const decided = rita.page.getByRole('table', { name: /decided grants/ }).getByRole('row').filter({ hasText: user.email });
  await expect(decided).toContainText('Confirmed');
  await expect(decided).toContainText('Rita Chen');
  await rita.context.close();

  // In force on the person's next request; the admin's list shows it held.
  await person.page.goto('/systems');
  await expect(nav.getByRole('link', { name: 'Audit trail' })).toBeVisible();
  await page.goto('/admin/users');
  await expect(row).not.toContainText('to be confirmed');
  await expect(row).toContainText('Risk officer');
  await person.context.close();
});

test('resetting a signer’s password suspends their role until another holder confirms it again', async ({ page, browser }) => {
  const user = createUser(['security_reviewer']);
  await signIn(page, ACCOUNTS.admin);
  await page.goto('/admin/users');
  await page.getByRole('button', { name: `Reset password for ${user.email}` }).click();
  const dialog = page.getByRole('dialog', { name: `Reset the password of ${user.email}` });
  await dialog.getByLabel('Temporary password').fill(`tmp-${user.password}`);
  await dialog.getByRole('button', { name: 'Set temporary password' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row').filter({ hasText: user.email })).toContainText('Security reviewer: to be confirmed');

  const sebastian = await signInNewContext(browser, ACCOUNTS.securityReviewer);
  await sebastian.page.goto('/role-grants');
  const row = sebastian.page.getByRole('row').filter({ hasText: user.email });
  await expect(row).toContainText('Password reset by Alex Morgan');
  await expect(row).toContainText(/password set by Alex Morgan .*, not yet replaced/);
  // Confirmed only once the account is theirs alone again: they have replaced the temporary password.
  await expect(row).toContainText('Waits for them to choose their own password');
  await expect(row.getByRole('button', { name: `Decide: Security reviewer for ${user.name}` })).toHaveCount(0);
  await sebastian.context.close();
});

test('the demo’s newcomer waits on Role confirmations, and in the inbox of the risk officer who may confirm her', async ({ page }) => {
  await signIn(page, ACCOUNTS.riskOfficer);
  await page.goto('/inbox');
  await page.getByRole('link', { name: 'Confirm Priya Nair as risk officer' }).click();
  await expect(page).toHaveURL(/\/role-grants/);
  await expect(page.getByRole('row').filter({ hasText: 'priya.nair@example.com' }).getByRole('button', { name: 'Decide: Risk officer for Priya Nair' })).toBeVisible();
});

test('a person whose only role awaits confirmation is told so at home, and every other page answers 403, never an error', async ({ page, browser }) => {
  const user = createUser(['data_scientist']);
  await signIn(page, ACCOUNTS.admin);
  await page.goto('/admin/users');
  await page.getByRole('row').filter({ hasText: user.email }).getByRole('button', { name: `Edit ${user.email}` }).click();
  const edit = page.getByRole('dialog', { name: `Edit ${user.email}` });
  await edit.getByRole('checkbox', { name: 'Data scientist' }).uncheck();
  await edit.getByRole('checkbox', { name: 'Risk officer' }).check();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();

  const person = await signInNewContext(browser, user.email, user.password);
  await person.page.goto('/');
  await expect(person.page.getByTestId('no-role-yet')).toContainText('Your risk officer role waits for someone who already holds it to confirm it');
  const nav = person.page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link')).toHaveText(['Dashboard']);
  for (const path of ['/inbox', '/systems', '/findings', '/lineage', '/admin/policies']) {
    const response = await person.page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(person.page.getByTestId('forbidden-roles')).toContainText('Until you hold a role, you can only see your home page and your account.');
  }
  await person.page.goto('/');
  await person.page.getByTestId('no-role-yet').getByRole('link', { name: 'see your account and change your password' }).click();
  await expect(person.page).toHaveURL(/\/account$/);
  await expect(person.page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await person.context.close();
});
