import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { eventHash } from '../lib/audit/hash';
import { ACCOUNTS, baseUrl, createUser, dataDir, DEMO_PASSWORD, signIn, unique } from './helpers';

type AuditRow = { seq: number; at: string; actor_type: string; actor_id: string | null; actor_label: string; action: string; entity_type: string; entity_id: string | null; before: string | null; after: string | null; ip: string | null; user_agent: string | null; prev_hash: string; hash: string };

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

// The end-to-end server runs as `npm run demo` does (PROVENANT_DEMO=1): its sign-in page offers the demo's people.
test('a demo server offers its people on the sign-in page, and one click signs in as them', async ({ page }) => {
  await page.goto('/login');
  const demo = page.getByRole('region', { name: 'Demo accounts' });
  await expect(demo).toContainText(DEMO_PASSWORD);
  await expect(demo.getByRole('button')).toHaveText([/^Alex Morgan\s*admin$/, /^Dana Whitfield\s*data scientist$/, /^Sam Okafor\s*data scientist$/, /^Rita Chen\s*risk officer$/, /^Sebastian Kowalski\s*security reviewer$/, /^Aude Laurent\s*auditor$/]);
  await demo.getByRole('button', { name: 'Rita Chen risk officer' }).click();
  await expect(page.getByTestId('current-user')).toHaveText('Rita Chen');
});

for (const account of ROLES) {
  test(`the ${account.role} signs in and sees the navigation of that role`, async ({ page }) => {
    await signIn(page, account.email);
    await expect(page.getByTestId('current-user')).toHaveText(account.name);
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'AI systems' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Audit trail' })).toHaveCount(account.auditTrail ? 1 : 0);
    await expect(nav.getByRole('link', { name: 'Administration' })).toHaveCount(account.users ? 1 : 0);
    // Every link of the sidebar is on the screen at 1280 × 800: none hides behind the signed-in person's footer.
    await page.setViewportSize({ width: 1280, height: 800 });
    const footer = await page.getByTestId('current-user').boundingBox();
    for (const link of await nav.getByRole('link').all()) expect((await link.boundingBox())!.y + (await link.boundingBox())!.height, await link.innerText()).toBeLessThanOrEqual(footer!.y);
    if (account.users) {
      // Administration opens on its first page, with tabs to the others.
      await nav.getByRole('link', { name: 'Administration' }).click();
      await expect(page).toHaveURL(/\/admin\/users$/);
      const tabs = page.getByRole('navigation', { name: 'Administration' });
      await expect(tabs.getByRole('link')).toHaveText(['Users', 'Webhooks', 'MLflow', 'Signature trust']);
      await expect(tabs.getByRole('link', { name: 'Users' })).toHaveAttribute('aria-current', 'page');
      await expect(nav.getByRole('link', { name: 'Administration' })).toHaveAttribute('aria-current', 'page');
      await tabs.getByRole('link', { name: 'Webhooks' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText('Webhooks');
    } else {
      expect((await page.goto('/admin'))!.status()).toBe(403);
    }
  });
}

test('before its script runs, the sign-in form cannot be sent, and never as a GET that would put the password in the address', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: baseUrl(), javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/login');
  await expect(page.locator('form')).toHaveAttribute('method', 'post');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeDisabled();
  // And it says why, rather than leaving a button that never wakes.
  await expect(page.getByRole('alert')).toContainText('Provenant needs JavaScript', { useInnerText: true });
  await expect(page.getByRole('alert')).not.toContainText('has not loaded', { useInnerText: true });
  await page.getByLabel('Email').fill(ACCOUNTS.riskOfficer);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  // Enter with the default button disabled sends nothing; had it been sent, the address is where it would show.
  const navigated = page.waitForEvent('framenavigated', { timeout: 1_000 }).catch(() => null);
  await page.getByLabel('Password').press('Enter');
  await navigated;
  expect(page.url()).not.toContain(DEMO_PASSWORD);
  expect(new URL(page.url()).search).toBe('');
  await context.close();
});

test('when the page\'s script is allowed but never arrives, the sign-in page says so instead of leaving a button that never wakes', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: baseUrl() });
  const page = await context.newPage();
  // A proxy that drops the bundles, or a connection lost mid-page: the HTML arrives, its scripts do not.
  const isScript = (url: URL) => url.pathname.startsWith('/_next/static/') && url.pathname.endsWith('.js'); // the styles still arrive
  await page.route(isScript, (route) => route.abort());
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeDisabled();
  const notice = page.getByRole('alert');
  // What shows, not what the markup holds: the other sentence is there, hidden by the style sheet.
  await expect(notice).toHaveText(/script has not loaded, so its forms cannot be sent yet/, { timeout: 20_000, useInnerText: true });
  await expect(notice).not.toContainText('needs JavaScript', { useInnerText: true });
  // Where the script runs, the notice is gone from the page once it has hydrated, not merely still hidden.
  await page.unroute(isScript);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  await expect(page.locator('.script-notice')).toHaveCount(0);
  await context.close();
});

test('a wrong password and an unknown account get the same generic message', async ({ page }) => {
  const user = createUser();
  const wrongPassword = await failSignIn(page, user.email, 'not-the-password-at-all');
  const unknownAccount = await failSignIn(page, `${unique('nobody').replace(' ', '-')}@example.test`, 'whatever-password');
  expect(wrongPassword).toBe('Invalid email or password.');
  expect(unknownAccount).toBe(wrongPassword);
});

test('five failed sign-ins hold this address back from that account only, and say when to try again', async ({ page }) => {
  const user = createUser();
  for (let attempt = 1; attempt <= 5; attempt++) {
    expect(await failSignIn(page, user.email, `wrong-password-${attempt}`)).toBe('Invalid email or password.');
  }
  expect(await failSignIn(page, user.email, user.password)).toBe('Too many failed sign-ins. Try again in 15 minutes.');
  // The same browser (the same address) still signs in to any other account: nobody else is locked out.
  const colleague = createUser();
  await signIn(page, colleague.email, colleague.password);
  await expect(page.getByTestId('current-user')).toHaveText(colleague.name);
});

/** Each is a way to name another site that a naive "starts with /" check lets through (as typed in the URL). */
const OFF_SITE_CALLBACKS = ['/%5Cevil.example', '%2F%5Cevil.example', '//evil.example', '%2F%2Fevil.example', '/%09/evil.example', 'https://evil.example', 'javascript:alert(document.domain)', '%2F%255Cevil.example'];

for (const callback of OFF_SITE_CALLBACKS) {
  test(`signing in from /login?callbackUrl=${callback} stays on this site`, async ({ browser }) => {
    const context = await browser.newContext({ baseURL: baseUrl() });
    await context.route((url) => url.hostname.endsWith('evil.example'), (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'off-site' }));
    const page = await context.newPage();
    await page.goto(`/login?callbackUrl=${callback}`);
    await page.getByLabel('Email').fill(ACCOUNTS.auditor);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('current-user')).toBeVisible();
    expect(new URL(page.url()).origin).toBe(new URL(baseUrl()).origin);
    await context.close();
  });
}

test('signing in from /login?callbackUrl=/systems?q=… returns to that page', async ({ page }) => {
  await page.goto(`/login?callbackUrl=${encodeURIComponent('/systems?q=credit')}`);
  await page.getByLabel('Email').fill(ACCOUNTS.auditor);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
  await expect(page).toHaveURL(/\/systems\?q=credit$/);
});

test('an email with ill-formed Unicode in next-auth’s JSON body is a failed sign-in, audited as well-formed text that hashes as stored', async ({ request }) => {
  const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const slug = unique('ghost').replace(' ', '-');
  const audited = [`${slug}\ufffd@example.com`, `${slug}-\ufffdnul@example.com`];
  // Written as JSON escapes on purpose: a lone surrogate and a NUL, exactly as a hostile client sends them.
  for (const email of [`${slug}\\ud800@example.com`, `${slug}-\\u0000nul@example.com`]) {
    const body = `{"email":"${email}","password":"whatever-password","csrfToken":"${csrfToken}","json":"true"}`;
    const response = await request.post('/api/auth/callback/credentials', { headers: { 'content-type': 'application/json' }, data: body });
    expect(response.status()).toBeLessThan(500);
    expect(((await response.json()) as { url: string }).url).toMatch(/error=/);
  }
  // Each stored row hashes to what was stored with it (the whole chain is verified by audit-chain.spec.ts, which
  // tampers with it for a moment, so it is not verified here beside it).
  const db = new Database(path.join(dataDir(), 'provenant.db'), { readonly: true });
  const rows = db.prepare("SELECT * FROM audit_events WHERE action = 'auth.sign_in_failed' AND actor_label IN (?, ?)").all(...audited) as AuditRow[];
  db.close();
  expect(rows.map((r) => r.actor_label).sort()).toEqual([...audited].sort());
  for (const r of rows) {
    const fields = { seq: r.seq, at: r.at, actorType: r.actor_type, actorId: r.actor_id, actorLabel: r.actor_label, action: r.action, entityType: r.entity_type, entityId: r.entity_id, before: r.before, after: r.after, ip: r.ip, userAgent: r.user_agent };
    expect(eventHash(r.prev_hash, fields)).toBe(r.hash);
  }
});

test('the sign-in endpoint answers an oversized or malformed body with a 4xx, not a 500', async ({ request }) => {
  const huge = await request.post('/api/auth/callback/credentials', { headers: { 'content-type': 'application/json' }, data: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(100_000) }) });
  expect(huge.status()).toBe(413);
  const broken = await request.post('/api/auth/callback/credentials', { headers: { 'content-type': 'application/json' }, data: Buffer.from('{"email":') });
  expect(broken.status()).toBe(400);
  expect(((await broken.json()) as { error: { code: string } }).error.code).toBe('invalid');
});
