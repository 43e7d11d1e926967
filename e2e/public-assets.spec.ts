import { expect, test } from '@playwright/test';
import { ACCOUNTS, signIn } from './helpers';

test('robots.txt, the favicon, app icons and the web manifest are served without a session', async ({ request }) => {
  const robots = await request.get('/robots.txt', { maxRedirects: 0 });
  expect(robots.status()).toBe(200);
  expect(await robots.text()).toBe('User-agent: *\nDisallow: /\n');
  for (const [url, type] of [['/favicon.ico', /icon/], ['/icons/icon-192.png', /^image\/png/], ['/icons/icon-512.png', /^image\/png/], ['/apple-touch-icon.png', /^image\/png/], ['/manifest.webmanifest', /manifest\+json|json/]] as const) {
    const response = await request.get(url, { maxRedirects: 0 });
    expect(response.status(), url).toBe(200);
    expect(response.headers()['content-type'], url).toMatch(type);
  }
  expect((await request.get('/systems', { maxRedirects: 0 })).status()).toBe(307);
});

test('the sign-in page links the web manifest and an icon', async ({ page }) => {
  await page.goto('/login');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute('href', /icon|favicon/);
});

test('no script sent to the browser carries the database layer, on the pages whose forms offer its vocabularies', async ({ page }) => {
  // The forms' choices (roles, tiers, severities, scopes ...) come from db/schema/vocabulary.ts; importing them from
  // the schema itself once shipped drizzle's SQLite and PostgreSQL column classes to every browser.
  // Only the addresses are collected here: a body read from the page's own response is lost once the page navigates
  // away, so each script is fetched again afterwards (they are static, immutable files).
  const scripts = new Set<string>();
  page.on('response', (response) => {
    if (response.url().includes('/_next/static/') && response.url().endsWith('.js')) scripts.add(response.url());
  });
  await signIn(page, ACCOUNTS.admin);
  for (const path of ['/admin/users', '/admin/policies', '/tokens', '/systems/new', '/models/import', '/incidents/new', '/audit/packs']) {
    await page.goto(path);
    await expect(page.locator('main')).toBeVisible();
  }
  expect(scripts.size).toBeGreaterThan(5);
  for (const url of scripts) {
    const response = await page.request.get(url);
    expect(response.status(), url).toBe(200);
    expect(/drizzle:entityKind|sqliteTable|SQLiteText|PgText/.test(await response.text()), `${url} carries drizzle`).toBe(false);
  }
});
