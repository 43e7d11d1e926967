import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { ACCOUNTS, baseUrl, createSystemAs, createUser, signIn, unique, versionReadyForPromotion } from './helpers';

// Forms and dialogs as a person meets them: the error summary, required marks, plain messages, clean dialogs,
// the app's own confirm dialog instead of window.confirm, and a confirmation a screen reader hears.

const WIDTHS = [
  ['desktop', { width: 1440, height: 900 }],
  ['phone', { width: 390, height: 844 }],
] as const;

const ZOD_WORDING = /Too small|Too big|expected (number|string|array)|Invalid input|>=|<=/;

/** Every window.alert/confirm/prompt the page opens (dismissed at once); the app should open none. */
function windowDialogsOf(page: Page) {
  const opened: string[] = [];
  page.on('dialog', (dialog) => {
    opened.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return opened;
}

/** The * after a required label is drawn by CSS (screen readers hear the control's own `required`). */
const requiredMark = (label: Locator) => label.evaluate((element) => getComputedStyle(element, '::after').content);

const toast = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

for (const [width, viewport] of WIDTHS) {
  test.describe(`forms at ${width} width`, () => {
    test.use({ viewport });

    test('a failed submit focuses a summary that links to each field; fixing a field clears its error; the form empties after a create', async ({ page }) => {
      const person = createUser(['data_scientist']);
      await signIn(page, person.email, person.password);
      await page.goto('/tokens');
      const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Create token' }) });
      const name = form.getByLabel('Name');
      const days = form.getByLabel('Expires in days');

      await expect(name).toHaveAttribute('required', '');
      expect(await requiredMark(form.locator('label', { hasText: /^Name$/ }))).toContain('*');
      expect(await requiredMark(form.locator('legend', { hasText: 'Scopes' }))).toContain('*');
      await expect(form.getByText('marks a required field')).toBeVisible();

      await days.fill('0');
      await form.getByRole('button', { name: 'Create token' }).click();
      const summary = form.getByRole('alert');
      await expect(summary).toBeFocused();
      await expect(summary).toContainText('3 fields to correct.');
      await expect(summary.getByRole('link')).toHaveText(['Name: Required.', 'Expires in days: Enter a number of 1 or more.', 'Scopes: Choose at least one scope.']);
      await expect(form).not.toContainText(ZOD_WORDING);
      await expect(days).toHaveAttribute('aria-invalid', 'true');
      await expect(days).toHaveAccessibleDescription(/Enter a number of 1 or more\./);
      await expectNoSeriousA11yViolations(page);

      await summary.getByRole('link', { name: /^Expires in days/ }).click();
      await expect(days).toBeFocused();
      await days.fill('30');
      await expect(days).toHaveAttribute('aria-invalid', 'false');
      await expect(summary.getByRole('link')).toHaveText(['Name: Required.', 'Scopes: Choose at least one scope.']);
      await expect(summary).toContainText('2 fields to correct.');

      const tokenName = unique('forms');
      await name.fill(tokenName);
      await form.getByRole('checkbox', { name: /^read/ }).check();
      await form.getByRole('button', { name: 'Create token' }).click();
      await expect(page.getByTestId('token-secret')).toBeVisible();
      await expect(summary).toHaveCount(0);
      await expect(name).toHaveValue('');
      await expect(days).toHaveValue('90');
      await expect(form.getByRole('checkbox', { name: /^read/ })).not.toBeChecked();

      // A second click cannot make a twin silently: the emptied form is refused.
      await form.getByRole('button', { name: 'Create token' }).click();
      await expect(summary).toBeFocused();
      await page.reload();
      await expect(page.getByRole('row').filter({ hasText: tokenName })).toHaveCount(1);
    });

    test('Revoke asks in the app’s dialog (Cancel keeps the token), then confirms with a toast', async ({ page }) => {
      const windowDialogs = windowDialogsOf(page);
      const person = createUser(['data_scientist']);
      await signIn(page, person.email, person.password);
      await page.goto('/tokens');
      const tokenName = unique('revoke me');
      await page.getByLabel('Name').fill(tokenName);
      await page.getByRole('checkbox', { name: /^read/ }).check();
      await page.getByRole('button', { name: 'Create token' }).click();
      const row = page.getByRole('row').filter({ hasText: tokenName });
      await expect(row).toContainText('Active');

      const dialog = page.getByRole('dialog', { name: `Revoke the token “${tokenName}”?` });
      await row.getByRole('button', { name: `Revoke ${tokenName}` }).click();
      await expect(dialog).toBeVisible();
      await expectNoSeriousA11yViolations(page);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toBeHidden();
      await expect(row).toContainText('Active');

      await row.getByRole('button', { name: `Revoke ${tokenName}` }).click();
      await dialog.getByRole('button', { name: 'Revoke token' }).click();
      await expect(toast(page, `Token “${tokenName}” revoked.`)).toBeVisible();
      await expect(row).toContainText('Revoked');
      await page.getByRole('button', { name: 'Dismiss' }).click();
      await expect(toast(page, 'revoked')).toHaveCount(0);
      expect(windowDialogs).toEqual([]);
    });

    test('dialogs open clean after Cancel, and the Edit user dialog is not right-aligned by its table cell', async ({ page }) => {
      const someone = createUser(['auditor']);
      await signIn(page, ACCOUNTS.admin);
      await page.goto('/admin/users');

      const add = page.getByRole('dialog', { name: 'Add a user' });
      await page.getByRole('button', { name: 'Add user' }).click();
      await add.getByLabel('Name').fill('Half-typed person');
      await add.getByRole('button', { name: 'Create user' }).click();
      await expect(add.getByRole('alert')).toBeFocused();
      await expect(add.getByRole('alert').getByRole('link', { name: /^Email: / })).toBeVisible();
      await expect(add).not.toContainText(ZOD_WORDING);
      await expectNoSeriousA11yViolations(page);
      await add.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('button', { name: 'Add user' }).click();
      await expect(add.getByLabel('Name')).toHaveValue('');
      await expect(add.getByRole('alert')).toHaveCount(0);
      await expect(add.getByLabel('Email')).toHaveAttribute('aria-invalid', 'false');
      await add.press('Escape');

      const edit = page.getByRole('dialog', { name: `Edit ${someone.email}` });
      await page.getByRole('button', { name: `Edit ${someone.email}` }).click();
      expect(await edit.evaluate((element) => getComputedStyle(element).textAlign)).toBe('left');
      const box = await edit.boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
      await edit.getByLabel('Name').fill('');
      await edit.getByRole('button', { name: 'Save' }).click();
      await expect(edit.getByRole('alert')).toContainText('Name: Required.');
      await edit.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('button', { name: `Edit ${someone.email}` }).click();
      await expect(edit.getByLabel('Name')).toHaveValue(someone.name);
      await expect(edit.getByRole('alert')).toHaveCount(0);
    });

    test('a system’s review date is typed as YYYY-MM-DD, a wrong one is explained in words, and the create is announced', async ({ page }) => {
      const person = createUser(['data_scientist']);
      await signIn(page, person.email, person.password);
      await page.goto('/systems/new');
      const name = unique('Forms system');
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByLabel('Purpose', { exact: true }).fill('Checks that a form explains itself.');
      const date = page.getByLabel('Next review date');
      await expect(date).toHaveAttribute('type', 'text');
      await expect(date).toHaveAttribute('placeholder', 'YYYY-MM-DD');
      await date.fill('31/12/2026');
      await page.getByRole('button', { name: 'Register system' }).click();
      const summary = page.locator('form').getByRole('alert');
      await expect(summary).toBeFocused();
      await expect(summary.getByRole('link')).toHaveText(['Next review date: Use a date as YYYY-MM-DD.']);
      await expect(page).toHaveURL(/\/systems\/new$/);
      await expectNoSeriousA11yViolations(page);

      await date.fill('2026-12');
      await expect(date).toHaveAttribute('aria-invalid', 'true');
      await date.fill('2026-12-31');
      await expect(summary).toHaveCount(0);
      await page.getByRole('button', { name: 'Register system' }).click();
      await expect(page).toHaveURL(/\/systems\/[0-9a-f-]{36}$/);
      await expect(toast(page, 'System registered.')).toBeVisible();
      await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
    });

    test('Withdraw asks in the app’s dialog and confirms with a toast', async ({ page }) => {
      test.setTimeout(120_000);
      const windowDialogs = windowDialogsOf(page);
      const person = createUser(['data_scientist']);
      await signIn(page, person.email, person.password);
      const { model, version } = await versionReadyForPromotion(page, 'forms-model');
      await page.goto(`/models/${model.id}/versions/${version.id}`);
      const gate = page.getByRole('region', { name: 'Gate for staging' });
      await gate.getByLabel('Justification for staging').fill('Evidence complete; withdrawn by the forms spec.');
      await gate.getByRole('button', { name: /Request promotion to staging/ }).click();
      await expect(page).toHaveURL(/\/approvals\//);

      const dialog = page.getByRole('dialog', { name: 'Withdraw this request?' });
      await page.getByRole('button', { name: 'Withdraw', exact: true }).click();
      await expect(dialog).toBeVisible();
      await dialog.getByRole('button', { name: 'Withdraw request' }).click();
      await expect(toast(page, 'Request withdrawn.')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Withdraw', exact: true })).toHaveCount(0);
      expect(windowDialogs).toEqual([]);
    });
  });
}

test('before a page’s script runs, its forms cannot be sent: no GET with the fields in the address, no emptied form', async ({ page, browser }) => {
  const person = createUser(['data_scientist']);
  await signIn(page, person.email, person.password);
  const system = await createSystemAs(page, { name: unique('Before hydration system') });
  // The same person, in a browser whose scripts never run: what they meet while a slow page is still loading.
  const context = await browser.newContext({ baseURL: baseUrl(), javaScriptEnabled: false, storageState: await page.context().storageState() });
  const early = await context.newPage();
  const forms = [
    ['/systems/new', 'Register system', 'Name'],
    [`/models/new?systemId=${system.id}`, 'Add model', 'Name'],
    ['/datasets/new', 'Register dataset', 'Name'],
    ['/tokens', 'Create token', 'Name'],
  ] as const;
  for (const [path, submit, field] of forms) {
    await early.goto(path);
    const before = early.url();
    await expect(early.getByRole('button', { name: submit }), path).toBeDisabled();
    const input = early.getByRole('textbox', { name: field }).first();
    await input.fill('typed before the script ran');
    // Enter with the default button disabled sends nothing: the page, its address and the typed text stay.
    const navigated = early.waitForEvent('framenavigated', { timeout: 1_000 }).catch(() => null);
    await input.press('Enter');
    await navigated;
    expect(early.url(), path).toBe(before);
    await expect(input, path).toHaveValue('typed before the script ran');
  }
  await context.close();
});
