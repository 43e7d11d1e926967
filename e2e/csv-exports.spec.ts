import fs from 'node:fs';
import { expect, test, type Download, type Locator, type Page } from '@playwright/test';
import { readCsvRecords } from '../lib/exports/testing';
import { ACCOUNTS, createToken, createUser, signIn, unique } from './helpers';

const DATED = (what: string) => new RegExp(`^provenant-${what}-\\d{4}-\\d{2}-\\d{2}\\.csv$`);

/** Starts a download from the keyboard (focus, Enter) and reads the saved file back as CSV records. */
async function downloadWithKeyboard(page: Page, link: Locator) {
  await link.focus();
  await expect(link).toBeFocused();
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  return readDownload(download);
}

async function readDownload(download: Download) {
  const text = fs.readFileSync((await download.path())!, 'utf8');
  expect(text.charCodeAt(0), 'UTF-8 byte-order mark').toBe(0xfeff);
  return { filename: download.suggestedFilename(), ...readCsvRecords(text) };
}

test('an auditor filters the audit trail and downloads exactly the filtered events', async ({ page }) => {
  test.setTimeout(120_000); // two CLI runs (person, token) before the walk itself
  // A person of its own: specs running beside this one create systems as the demo accounts, changing their counts.
  const scientist = createUser(['data_scientist']);
  const token = createToken(scientist.email, ['register']);
  const created = await page.request.post('/api/v1/systems', {
    headers: { authorization: `Bearer ${token}` },
    data: { name: unique('Export audit'), purpose: 'Filtered in the audit export test.', riskTier: 'minimal' },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  await signIn(page, ACCOUNTS.auditor);
  await page.goto('/audit');
  // Actions are offered in words, grouped by the kind of record; the address keeps the code name.
  await expect(page.getByLabel('Action').locator('optgroup[label="AI system"] option[value="system.created"]')).toHaveText('AI system created');
  await page.getByLabel('Action').selectOption('system.created');
  await page.getByLabel('Actor').fill(scientist.email);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/action=system.created/);
  const link = page.getByRole('link', { name: 'Download CSV' });
  await expect(link).toHaveAttribute('href', /^\/api\/v1\/exports\/audit-events\.csv\?.*action=system.created/);

  const { filename, header, records } = await downloadWithKeyboard(page, link);
  expect(filename).toMatch(DATED('audit-events'));
  expect(header).toEqual(['Sequence', 'Time (UTC)', 'Actor type', 'Actor ID', 'Actor', 'Action', 'Entity type', 'Entity ID', 'IP address', 'User agent', 'Before (JSON)', 'After (JSON)', 'Previous hash', 'Hash']);
  expect(records.map((r) => r['Entity ID'])).toContain(id);
  // The actor filter matches a substring, so the person's API tokens ("… (API token)") are theirs too.
  for (const r of records) expect([r.Action, (r.Actor ?? '').startsWith(scientist.email)]).toEqual(['system.created', true]);
  expect(records.some((r) => r.Actor === `${scientist.email} (API token)` && r['Actor type'] === 'token')).toBe(true);

  const listed = await page.request.get('/api/v1/audit-events', { params: { action: 'system.created', actor: scientist.email, pageSize: 500 } });
  const { items, total } = (await listed.json()) as { items: { seq: number; hash: string }[]; total: number };
  expect(records.map((r) => Number(r.Sequence))).toEqual(items.map((e) => e.seq).reverse());
  expect(records.map((r) => r.Hash)).toEqual(items.map((e) => e.hash).reverse());
  await expect(page.getByRole('navigation', { name: 'Pagination' })).toContainText(`of ${total}`);
});

test('an auditor downloads the inventory, with formula-looking names neutralised', async ({ page }) => {
  const token = createToken(ACCOUNTS.dataScientist, ['register']);
  const name = `=HYPERLINK("http://evil.example","${unique('open')}")`;
  const created = await page.request.post('/api/v1/systems', { headers: { authorization: `Bearer ${token}` }, data: { name, purpose: '@SUM(1+1)', riskTier: 'limited' } });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  await signIn(page, ACCOUNTS.auditor);
  await page.goto('/systems');
  const { filename, header, records } = await downloadWithKeyboard(page, page.getByRole('link', { name: 'Download inventory CSV' }));
  expect(filename).toMatch(DATED('inventory'));
  expect(header.slice(0, 4)).toEqual(['System ID', 'System', 'Purpose', 'Risk tier']);
  expect(header).toContain('Production artifact SHA-256');
  expect(records.find((r) => r['System ID'] === id)).toMatchObject({ System: `'${name}`, Purpose: "'@SUM(1+1)", 'Risk tier': 'limited', 'Technical owner email': ACCOUNTS.dataScientist });

  const listed = await page.request.get('/api/v1/systems', { params: { pageSize: 200 } });
  const exported = new Set(records.map((r) => r['System ID']));
  for (const system of ((await listed.json()) as { items: { id: string }[] }).items) expect(exported.has(system.id)).toBe(true);
  const production = records.find((r) => r['Production version'] !== '');
  expect(production?.['Production artifact SHA-256']).toMatch(/^[0-9a-f]{64}$/);
});

test('the approvals page downloads the signatures as CSV', async ({ page }) => {
  await signIn(page, ACCOUNTS.auditor);
  await page.goto('/approvals');
  const { filename, header } = await downloadWithKeyboard(page, page.getByRole('link', { name: 'Download signatures CSV' }));
  expect(filename).toMatch(DATED('signatures'));
  expect(header).toEqual(['Signature ID', 'Request ID', 'Request status', 'System', 'Model', 'Version', 'Target stage', 'Signer email', 'Printed name', 'Role', 'Decision', 'Meaning', 'Signed at (UTC)', 'Snapshot SHA-256', 'Comment', 'Conditions']);
});

test('a data scientist is refused the audit export, by token and by session', async ({ page, request }) => {
  const token = createToken(ACCOUNTS.dataScientist, ['read']);
  const headers = { authorization: `Bearer ${token}` };
  const refused = await request.get('/api/v1/exports/audit-events.csv', { headers });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  expect((await request.get('/api/v1/exports/inventory.csv', { headers })).status()).toBe(200);

  await signIn(page, ACCOUNTS.dataScientist);
  expect((await page.request.get('/api/v1/exports/audit-events.csv?action=system.created')).status()).toBe(403);
  expect((await request.get('/api/v1/exports/audit-events.csv')).status()).toBe(401);
});
