import { expect, test } from '@playwright/test';
import { ACCOUNTS, countSystemsMatching, createToken, getSystem, systemBody } from './helpers';

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

test('a read-only token lists systems but cannot register one', async ({ request }) => {
  const read = bearer(createToken(ACCOUNTS.dataScientist, ['read']));

  const list = await request.get('/api/v1/systems', { headers: read });
  expect(list.status()).toBe(200);
  const body = (await list.json()) as { items: { id: string; name: string }[]; total: number };
  expect(Array.isArray(body.items)).toBe(true);
  expect(body.items.length).toBeGreaterThan(0);
  expect(body.total).toBeGreaterThanOrEqual(body.items.length);

  const attempt = systemBody();
  const post = await request.post('/api/v1/systems', { headers: read, data: attempt });
  expect(post.status()).toBe(403);
  expect(((await post.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  expect(await countSystemsMatching(request, attempt.name, read)).toBe(0);
});

test('a register token creates a system owned by the token’s owner', async ({ request }) => {
  const register = bearer(createToken(ACCOUNTS.dataScientist, ['register']));
  const read = bearer(createToken(ACCOUNTS.dataScientist, ['read']));

  const body = systemBody({ purpose: 'Registered by a CI pipeline.' });
  const post = await request.post('/api/v1/systems', { headers: register, data: body });
  expect(post.status(), await post.text()).toBe(201);
  const created = (await post.json()) as { id: string };
  expect(created.id).toMatch(/^[0-9a-f-]{36}$/);

  const stored = await getSystem(request, created.id, read);
  expect(stored).toMatchObject({ name: body.name, purpose: body.purpose, riskTier: 'minimal', ownerEmail: ACCOUNTS.dataScientist });
});

test('an unknown or malformed token answers 401', async ({ request }) => {
  for (const authorization of ['Bearer pvn_this-is-not-a-real-token', 'Bearer garbage', 'Basic dXNlcjpwYXNz', 'Bearer']) {
    const response = await request.get('/api/v1/systems', { headers: { authorization } });
    expect(response.status(), authorization).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
  }
  const post = await request.post('/api/v1/systems', { headers: bearer('pvn_garbage'), data: systemBody() });
  expect(post.status()).toBe(401);
});
