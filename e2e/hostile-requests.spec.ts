import { expect, test, type APIResponse } from '@playwright/test';
import { ACCOUNTS, baseUrl, countSystemsMatching, sameOrigin, signIn, systemBody } from './helpers';

// Requests a hostile page or client sends to the running production server (server.mjs in front of Next):
// each gets a clear 4xx in the API's error shape, never a 500, and changes nothing.

async function expectError(response: APIResponse, status: number, code: string) {
  expect(response.status(), await response.text()).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
}

test.beforeEach(async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
});

test('a session write with a null, unparsable or forged Origin is a 403, even with a matching X-Forwarded-Host', async ({ page }) => {
  const body = systemBody();
  const forged: Record<string, string>[] = [{ origin: 'null' }, { origin: 'garbage' }, { origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' }];
  for (const headers of forged) {
    await expectError(await page.request.post('/api/v1/systems', { data: body, headers }), 403, 'forbidden');
  }
  expect(await countSystemsMatching(page.request, body.name)).toBe(0);
});

test('a server action from another origin, a null or unparsable Origin, or with an oversized body is refused before Next runs it', async ({ page }) => {
  const action = { 'next-action': '7f0000000000000000000000000000000000000000', 'content-type': 'text/plain;charset=UTF-8' };
  for (const origin of ['http://evil.example', 'null', 'garbage']) {
    await expectError(await page.request.post('/systems', { data: '[]', headers: { ...action, origin } }), 403, 'forbidden');
  }
  await expectError(await page.request.post('/systems', { data: 'x'.repeat(9 * 1024 * 1024), headers: { ...action, origin: baseUrl() } }), 413, 'too_large');
  const unknownAction = await page.request.post('/systems', { data: '[]', headers: { ...action, origin: baseUrl() } });
  expect(unknownAction.status()).toBeLessThan(500);
});

test('JSON nested thousands deep, lone surrogates and oversized bodies are 400 and 413', async ({ page }) => {
  await expectError(await page.request.post('/api/v1/lineage', { data: '['.repeat(5000) + ']'.repeat(5000), headers: { ...sameOrigin(), 'content-type': 'application/json' } }), 400, 'invalid');
  const surrogate = `{"name":"ghost\\ud800","purpose":"x","riskTier":"minimal"}`;
  await expectError(await page.request.post('/api/v1/systems', { data: surrogate, headers: { ...sameOrigin(), 'content-type': 'application/json' } }), 400, 'invalid');
  await expectError(await page.request.post('/api/v1/systems', { data: systemBody({ purpose: 'p'.repeat(2 * 1024 * 1024) }), headers: sameOrigin() }), 413, 'too_large');
});

test('a retried create with the same Idempotency-Key makes one system and answers the first result', async ({ page }) => {
  const body = systemBody();
  const headers = { ...sameOrigin(), 'idempotency-key': `e2e-${body.name}` };
  const first = await page.request.post('/api/v1/systems', { data: body, headers });
  expect(first.status()).toBe(201);
  const retry = await page.request.post('/api/v1/systems', { data: body, headers });
  expect(retry.status()).toBe(201);
  expect(retry.headers()['idempotent-replayed']).toBe('true');
  expect(await retry.json()).toEqual(await first.json());
  await expectError(await page.request.post('/api/v1/systems', { data: { ...body, purpose: 'Another body.' }, headers }), 409, 'conflict');
  expect(await countSystemsMatching(page.request, body.name)).toBe(1);
});
