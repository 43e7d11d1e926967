import { expect, test } from '@playwright/test';
import { ACCOUNTS, createToken, systemBody } from './helpers';

// Served directly by `next start`, no proxy is trusted: a caller's own X-Forwarded-For is only a claim.
test('the audit trail records the caller’s connection address, not an address the caller claims', async ({ request }) => {
  const register = createToken(ACCOUNTS.dataScientist, ['register']);
  const auditorRead = createToken(ACCOUNTS.auditor, ['read']);
  const claimed = '203.0.113.7';

  const post = await request.post('/api/v1/systems', { headers: { authorization: `Bearer ${register}`, 'x-forwarded-for': claimed }, data: systemBody() });
  expect(post.status()).toBe(201);
  const { id } = (await post.json()) as { id: string };

  const events = await request.get('/api/v1/audit-events', { params: { entityId: id }, headers: { authorization: `Bearer ${auditorRead}` } });
  expect(events.status()).toBe(200);
  const { items } = (await events.json()) as { items: { action: string; ip: string | null }[] };
  expect(items.map((e) => e.action)).toEqual(['system.created']);
  expect(items[0]!.ip).not.toBe(claimed);
  expect(items[0]!.ip).toMatch(/127\.0\.0\.1|::1/);
});
