import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { ACCOUNTS, baseUrl, createToken, createUser, signIn, signInNewContext } from './helpers';

type AuditItem = { action: string; actorLabel: string; after: string | null; ip: string | null };

/** A second browser holding a copy of the first one's cookies, as a thief who copied them would. */
async function copyCookies(browser: Browser, from: BrowserContext) {
  const context = await browser.newContext({ baseURL: baseUrl() });
  await context.addCookies(await from.cookies());
  return { context, page: await context.newPage() };
}

/** Every CSP violation the browser reports on the console while `page` is used. */
function cspViolations(page: Page) {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|create)/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
  return violations;
}

test('signing out ends the session on the server: a copied cookie stops working, and the sign-out is audited', async ({ page, browser }) => {
  const user = createUser();
  await signIn(page, user.email, user.password);
  const thief = await copyCookies(browser, page.context());
  expect((await thief.page.request.get('/api/v1/systems')).status()).toBe(200);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);

  const api = await thief.page.request.get('/api/v1/systems');
  expect(api.status()).toBe(401);
  expect(((await api.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
  await thief.page.goto('/systems');
  await expect(thief.page).toHaveURL(/\/login/);
  await expect(thief.page.getByTestId('current-user')).toHaveCount(0);

  const auditor = createToken(ACCOUNTS.auditor, ['read']);
  const events = await page.request.get('/api/v1/audit-events', { params: { action: 'auth.signed_out', actor: user.email }, headers: { authorization: `Bearer ${auditor}` } });
  const { items } = (await events.json()) as { items: AuditItem[] };
  expect(items).toHaveLength(1);
  expect(items[0]!.after).toMatch(/"sessionId":"[0-9a-f-]{36}"/);
  await thief.context.close();
});

test('signing out one browser leaves the same person signed in on another', async ({ page, browser }) => {
  const user = createUser();
  await signIn(page, user.email, user.password);
  const other = await signInNewContext(browser, user.email, user.password);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await other.page.goto('/systems');
  await expect(other.page.getByTestId('current-user')).toHaveText(user.name);
  await other.context.close();
});

test('pages carry a nonce-based CSP that Next honours: they render and hydrate with no violation', async ({ page }) => {
  const violations = cspViolations(page);
  const login = await page.goto('/login');
  const policy = login!.headers()['content-security-policy']!;
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce).toBeTruthy();
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toContain("script-src 'self' 'unsafe-inline'");
  expect(login!.headers()['x-content-type-options']).toBe('nosniff');
  expect(login!.headers()['referrer-policy']).toBe('same-origin');
  // Every script Next rendered carries this response's nonce (the browser hides the attribute's value from the DOM).
  const html = await login!.text();
  const scripts = (html.match(/<script\b[^>]*>/g) ?? []).filter((tag) => !/type="application\/(ld\+)?json"/.test(tag));
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

  // Signing in needs the form's script (it posts through next-auth's client); the pages then hydrate and draw.
  await signIn(page, ACCOUNTS.auditor);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  const again = await page.goto('/systems');
  expect(/'nonce-([^']+)'/.exec(again!.headers()['content-security-policy']!)?.[1]).not.toBe(nonce);
  await page.goto('/audit');
  await page.goto('/lineage');
  const deployments = (await (await page.request.get('/api/v1/deployments')).json()) as { items: { id: string }[] };
  if (deployments.items[0]) {
    await page.goto(`/lineage?node=deployment:${deployments.items[0].id}&depth=5`);
    await expect(page.getByTestId('lineage-graph')).toHaveAttribute('data-laid-out', 'true');
  }
  await page.goto('/does-not-exist');
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the dashboard' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  expect(violations).toEqual([]);
});

test('API answers carry a CSP that allows nothing, nosniff, and the referrer and framing policies', async ({ request }) => {
  for (const response of [await request.get('/api/v1/systems'), await request.get('/api/auth/csrf')]) {
    const headers = response.headers();
    expect(headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('same-origin');
    expect(headers['x-frame-options']).toBe('DENY');
  }
});

test('a garbage session cookie reads as signed out, on pages and on the API', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: baseUrl() });
  const host = new URL(baseUrl()).hostname;
  await context.addCookies([{ name: 'next-auth.session-token', value: 'garbage.garbage.garbage.garbage.garbage', domain: host, path: '/' }]);
  const page = await context.newPage();
  await page.goto('/systems');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect((await page.request.get('/api/v1/systems')).status()).toBe(401);
  const session = await page.request.get('/api/auth/session');
  expect(session.status()).toBe(200);
  expect(await session.json()).toEqual({});
  await context.close();
});
