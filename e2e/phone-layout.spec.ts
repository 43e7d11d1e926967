import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { ACCOUNTS, signIn } from './helpers';

const PHONE = { width: 390, height: 844 };

/** Whether the document itself scrolls sideways (a wide table inside its own scroll region does not count). */
const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

test.describe('at phone width', () => {
  test.use({ viewport: PHONE });

  test('the navigation folds into a menu that opens, closes with Escape and returns focus', async ({ page }) => {
    await signIn(page, ACCOUNTS.riskOfficer);
    await expect(page.getByTestId('current-user')).toHaveText('Rita Chen');
    const menu = page.getByRole('button', { name: 'Menu' });
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(nav).toBeHidden();
    const panel = page.locator(`#${await menu.getAttribute('aria-controls')}`);
    await expect(panel).toBeAttached();

    // A click that lands before React has hydrated the button does nothing (it failed CI so on a loaded machine): click
    // again only while the menu still says it is closed, so a late first click is never undone by a second.
    await expect(async () => {
      if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
      await expect(menu).toHaveAttribute('aria-expanded', 'true', { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(nav).toBeVisible();
    await expect(panel).toBeVisible();
    await nav.getByRole('link', { name: 'Approvals' }).focus();
    await page.keyboard.press('Escape');
    await expect(nav).toBeHidden();
    await expect(menu).toBeFocused();

    await page.keyboard.press('Enter');
    await expect(nav).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await nav.getByRole('link', { name: 'AI systems' }).click();
    await expect(page).toHaveURL(/\/systems$/);
    await expect(nav).toBeHidden();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();
  });

  test('no signed-in page scrolls sideways because of the shell', async ({ page }) => {
    await signIn(page, ACCOUNTS.auditor);
    for (const path of ['/', '/systems', '/models', '/approvals', '/audit', '/audit/packs', '/admin/policies']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      expect(await scrollsSideways(page), path).toBe(false);
    }
    await page.goto('/');
    await expectNoSeriousA11yViolations(page);
  });

  test('the sign-in page has a main landmark and passes axe', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('main')).toContainText('Sign in');
    expect(await scrollsSideways(page)).toBe(false);
    await expectNoSeriousA11yViolations(page);
  });
});

test('a skip link is the first stop of the keyboard and lands in the main landmark', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  await page.goto('/systems');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  // The next Tab continues inside the page, not back in the navigation.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
});

test('at desktop width the sidebar is always open and there is no menu button', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ACCOUNTS.admin);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Menu' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test('a missing record or an unknown address inside the app keeps the shell, at phone width too', async ({ page }) => {
  await signIn(page, ACCOUNTS.riskOfficer);
  for (const [viewport, path] of [[{ width: 1440, height: 900 }, '/systems/00000000-0000-4000-8000-000000000000'], [PHONE, '/no-such-page/at-all']] as const) {
    await page.setViewportSize(viewport);
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
    await expect(page.getByTestId('current-user')).toBeVisible();
    await expect(page.getByRole('main')).toContainText('There is no page or record at this address');
    await expectNoSeriousA11yViolations(page);
  }
});
