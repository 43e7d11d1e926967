import { expect, test } from '@playwright/test';
import { ACCOUNTS, signIn, unique } from './helpers';

/**
 * The same production build, served from PostgreSQL (the `postgresql` project: scripts/e2e-server.sh with
 * E2E_DATABASE=postgresql, seeded with the demo data): the pages people use answer, a change made in a form is kept
 * and audited, and the audit chain verifies. The rest of the suite runs on SQLite; vitest runs every test on both.
 */
test('the readiness probe finds PostgreSQL and the store', async ({ request }) => {
  const response = await request.get('/api/health/ready');
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: 'ready', checks: { database: 'ok', store: 'ok' } });
});

test('every page of the navigation answers from PostgreSQL, without an error', async ({ page }) => {
  await signIn(page, ACCOUNTS.admin);
  const links = await page.getByRole('navigation').getByRole('link').evaluateAll((anchors) => [...new Set(anchors.map((a) => a.getAttribute('href')!))]);
  expect(links.length).toBeGreaterThan(15);
  for (const href of links) {
    const response = await page.goto(href);
    expect(response?.status(), href).toBe(200);
    await expect(page.locator('main h1').first(), href).toBeVisible();
    await expect(page.getByText(/Something went wrong|Application error|Internal Server Error/), href).toHaveCount(0);
  }
  await page.goto('/systems');
  await expect(page.getByRole('main')).toContainText('Card fraud detection');
});

test('a system registered in the browser is stored in PostgreSQL, audited, and the chain verifies', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const name = unique('PostgreSQL triage');
  await page.goto('/systems/new');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Purpose', { exact: true }).fill(`Checks that the replicated deployment keeps what is registered (${name}).`);
  await page.getByLabel('Risk tier').selectOption('minimal');
  await page.getByRole('button', { name: 'Register system' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);

  const systems = await (await page.request.get(`/api/v1/systems?q=${encodeURIComponent(name)}`)).json();
  expect(systems.items.map((s: { name: string }) => s.name)).toEqual([name]);

  await page.context().clearCookies();
  await signIn(page, ACCOUNTS.auditor);
  await page.goto('/audit');
  await expect(page.getByText(/^Intact: \d+ events verified/)).toBeVisible();
  await expect(page.getByRole('main')).toContainText(name);
  const verification = await (await page.request.get('/api/v1/audit/verify')).json();
  expect(verification).toMatchObject({ ok: true, firstBrokenSeq: null });
});
