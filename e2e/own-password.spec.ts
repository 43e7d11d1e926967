import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, scrollsSideways } from './axe';
import { ACCOUNTS, addUserInBrowser, baseUrl, createUser, sameOrigin, signIn, signInNewContext, unique } from './helpers';

const slugOf = (label: string) => unique(label).replace(' ', '-');

test('an account an admin makes signs in once to choose its own password: until then no page, action or API call works', async ({ page, browser }) => {
  const slug = slugOf('e2e-temporary');
  const person = { name: `Tem Porary ${slug}`, email: `${slug}@example.test`, temporary: `tmp-${slug}-long-enough`, own: `own-${slug}-long-enough` };
  await signIn(page, ACCOUNTS.admin);
  const row = await addUserInBrowser(page, person, 'Data scientist');
  await expect(row).toContainText('Temporary');

  const context = await browser.newContext({ baseURL: baseUrl() });
  const them = await context.newPage();
  await them.goto('/approvals');
  await them.getByLabel('Email').fill(person.email);
  await them.getByLabel('Password').fill(person.temporary);
  await them.getByRole('button', { name: 'Sign in' }).click();
  await expect(them).toHaveURL(/\/choose-password$/);
  await expect(them.getByText(/Alex Morgan set the password you signed in with/)).toBeVisible();
  // Reached by redirect only (every-page.spec.ts cannot walk to it): checked here, at desktop and phone widths.
  await expectNoSeriousA11yViolations(them);
  await them.setViewportSize({ width: 390, height: 844 });
  expect(await scrollsSideways(them)).toBe(false);
  await expectNoSeriousA11yViolations(them);
  // Every other page leads back here; the API and the actions refuse, whatever the role.
  await them.goto('/findings');
  await expect(them).toHaveURL(/\/choose-password$/);
  const api = await them.request.get('/api/v1/systems');
  expect(api.status()).toBe(403);
  expect(((await api.json()) as { error: { message: string } }).error.message).toMatch(/Choose your own password first/);
  expect((await them.request.post('/api/v1/systems', { headers: sameOrigin(), data: { name: `Sneaky ${slug}`, purpose: 'x', riskTier: 'minimal' } })).status()).toBe(403);

  // A wrong temporary password, and two new ones that differ, are refused where they were typed.
  await them.getByLabel('Temporary password').fill('not the temporary one');
  await them.getByLabel('New password', { exact: true }).fill(person.own);
  await them.getByLabel('New password again').fill(person.own);
  await them.getByRole('button', { name: 'Choose password and go on' }).click();
  await expect(them.getByRole('link', { name: 'Temporary password: Wrong password.' })).toBeVisible();
  await them.getByLabel('Temporary password').fill(person.temporary);
  await them.getByLabel('New password again').fill(`${person.own}-typo`);
  await them.getByRole('button', { name: 'Choose password and go on' }).click();
  await expect(them.getByRole('link', { name: 'New password again: The two new passwords differ.' })).toBeVisible();
  await them.getByLabel('New password again').fill(person.own);
  await them.getByRole('button', { name: 'Choose password and go on' }).click();
  await expect(them.getByTestId('current-user')).toHaveText(person.name);
  expect((await them.request.get('/api/v1/systems')).status()).toBe(200);

  await page.reload();
  await expect(row).toContainText('Own, since');
  // The temporary password opens nothing any more; their own does.
  const again = await browser.newContext({ baseURL: baseUrl() });
  const login = await again.newPage();
  await login.goto('/login');
  await login.getByLabel('Email').fill(person.email);
  await login.getByLabel('Password').fill(person.temporary);
  await login.getByRole('button', { name: 'Sign in' }).click();
  await expect(login.locator('form').getByRole('alert')).toHaveText('Invalid email or password.');
  await again.close();
  await context.close();
});

test('a person changes their own password on their account page, which signs them out everywhere else', async ({ page, browser }) => {
  const person = createUser(['data_scientist']);
  const own = `${person.password}-renewed`;
  const elsewhere = await signInNewContext(browser, person.email, person.password);
  await signIn(page, person.email, person.password);
  await page.getByTestId('current-user').getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await page.getByLabel('Current password').fill(person.password);
  await page.getByLabel('New password', { exact: true }).fill(own);
  await page.getByLabel('New password again').fill(own);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Password changed; 1 other session signed out.' })).toBeAttached();
  await expect(page.getByLabel('Current password')).toHaveValue('');
  await page.reload();
  await expect(page.getByText(/Chosen by you, \d{4}-\d\d-\d\d/)).toBeVisible();
  // This browser stays signed in; the other one is signed out on its next click.
  await elsewhere.page.goto('/systems');
  await expect(elsewhere.page).toHaveURL(/\/login/);
  await elsewhere.page.getByLabel('Email').fill(person.email);
  await elsewhere.page.getByLabel('Password').fill(own);
  await elsewhere.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(elsewhere.page.getByTestId('current-user')).toBeVisible();
  await elsewhere.context.close();
});

test('an admin resets a lost password: the person is signed out and must choose their own; never for the admin’s own account', async ({ page, browser }) => {
  const person = createUser(['auditor']);
  const temporary = `tmp-${slugOf('reset')}-long-enough`;
  const theirs = await signInNewContext(browser, person.email, person.password);
  await signIn(page, ACCOUNTS.admin);
  await page.goto('/admin/users');
  await expect(page.getByRole('button', { name: `Reset password for ${ACCOUNTS.admin}` })).toHaveCount(0);
  await page.getByRole('button', { name: `Reset password for ${person.email}` }).click();
  const dialog = page.getByRole('dialog', { name: `Reset the password of ${person.email}` });
  await dialog.getByLabel('Temporary password').fill('short');
  await dialog.getByRole('button', { name: 'Set temporary password' }).click();
  await expect(dialog.getByRole('link', { name: 'Temporary password: At least 12 characters.' })).toBeVisible();
  await dialog.getByLabel('Temporary password').fill(temporary);
  await dialog.getByRole('button', { name: 'Set temporary password' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row').filter({ hasText: person.email })).toContainText('Temporary');

  await theirs.page.goto('/audit');
  await expect(theirs.page).toHaveURL(/\/login/);
  await theirs.page.getByLabel('Email').fill(person.email);
  await theirs.page.getByLabel('Password').fill(temporary);
  await theirs.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(theirs.page.getByText(/Alex Morgan set the password you signed in with/)).toBeVisible();
  await theirs.context.close();

  // The audit trail says who did it, in words.
  await page.goto(`/audit?action=user.password_reset`);
  await expect(page.getByText(/gave .* a temporary password/).first()).toBeVisible();
});
