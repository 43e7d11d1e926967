import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, createUser, signIn, unique } from './helpers';

const ROLES = [
  { role: 'admin', email: ACCOUNTS.admin, name: 'Alex Morgan', auditTrail: true, users: true },
  { role: 'data scientist', email: ACCOUNTS.dataScientist, name: 'Dana Whitfield', auditTrail: false, users: false },
  { role: 'risk officer', email: ACCOUNTS.riskOfficer, name: 'Rita Chen', auditTrail: true, users: false },
  { role: 'security reviewer', email: ACCOUNTS.securityReviewer, name: 'Sebastian Kowalski', auditTrail: true, users: false },
  { role: 'auditor', email: ACCOUNTS.auditor, name: 'Aude Laurent', auditTrail: true, users: false },
];

/** Submits the login form and returns the message it shows, without expecting success. */
async function failSignIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.locator('form').getByRole('alert');
  await expect(alert).toBeVisible();
  const message = (await alert.textContent())!.trim();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByTestId('current-user')).toHaveCount(0);
  return message;
}

for (const account of ROLES) {
  test(`the ${account.role} signs in and sees the navigation of that role`, async ({ page }) => {
    await signIn(page, account.email);
    await expect(page.getByTestId('current-user')).toHaveText(account.name);
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'AI systems' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Audit trail' })).toHaveCount(account.auditTrail ? 1 : 0);
    await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(account.users ? 1 : 0);
  });
}

test('a wrong password and an unknown account get the same generic message', async ({ page }) => {
  const user = createUser();
  const wrongPassword = await failSignIn(page, user.email, 'not-the-password-at-all');
  const unknownAccount = await failSignIn(page, `${unique('nobody').replace(' ', '-')}@example.test`, 'whatever-password');
  expect(wrongPassword).toBe('Invalid email or password.');
  expect(unknownAccount).toBe(wrongPassword);
});

test('after five failed sign-ins even the correct password is refused', async ({ page }) => {
  const user = createUser();
  for (let attempt = 1; attempt <= 5; attempt++) {
    expect(await failSignIn(page, user.email, `wrong-password-${attempt}`)).toBe('Invalid email or password.');
  }
  expect(await failSignIn(page, user.email, user.password)).toContain('Too many failed sign-ins');
});
