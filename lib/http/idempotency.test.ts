import { createHash } from 'node:crypto';
import { NextRequest } from 'next/server';
import { sql, type SQL } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as uploadRoute from '@/app/api/v1/artifacts/route';
import * as modelsRoute from '@/app/api/v1/models/route';
import * as systemsRoute from '@/app/api/v1/systems/route';
import type { Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { makeActor } from '@/lib/testing';
import { countRows, onPostgres, sqlRun, sqlValue } from '@/lib/testing-sql';

const BASE = 'http://localhost/api/v1';
const ctx = () => ({ params: Promise.resolve({}) });
const count = (table: string, where?: SQL) => countRows(table, where);

function post(url: string, token: string, body: unknown, key?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  if (key !== undefined) headers['idempotency-key'] = key;
  return new NextRequest(url, { method: 'POST', headers, body: JSON.stringify(body) });
}

let ds: Actor;
let token: string;
let otherToken: string;
beforeAll(async () => {
  ds = await makeActor(['data_scientist']);
  token = (await createApiToken(ds, ds.userId, { name: 'pipeline', scopes: ['register', 'read'] })).secret;
  otherToken = (await createApiToken(ds, ds.userId, { name: 'other pipeline', scopes: ['register', 'read'] })).secret;
});

describe('Idempotency-Key on POST', () => {
  it('a pipeline retrying POST /systems after a lost response makes one system and gets the first answer again', async () => {
    const input = { name: 'Retried system', purpose: 'Scores payments.', riskTier: 'limited' };
    const first = await systemsRoute.POST(post(`${BASE}/systems`, token, input, 'deploy-42/create-system'), ctx());
    expect(first.status).toBe(201);
    const created = await first.json();
    const events = await count('audit_events');
    const retry = await systemsRoute.POST(post(`${BASE}/systems`, token, input, 'deploy-42/create-system'), ctx());
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(created);
    expect(await count('ai_systems', sql`name = ${'Retried system'}`)).toBe(1);
    expect(await count('audit_events')).toBe(events);
  });

  it('refuses the same key with another body or another path (409), and keys are scoped per caller', async () => {
    const input = { name: 'Keyed', purpose: 'p', riskTier: 'minimal' };
    expect((await systemsRoute.POST(post(`${BASE}/systems`, token, input, 'k-1'), ctx())).status).toBe(201);
    const otherBody = await systemsRoute.POST(post(`${BASE}/systems`, token, { ...input, name: 'Keyed 2' }, 'k-1'), ctx());
    expect(otherBody.status).toBe(409);
    expect((await otherBody.json()).error.message).toMatch(/different request/);
    const otherPath = await modelsRoute.POST(post(`${BASE}/models`, token, { systemId: 'x', name: 'm' }, 'k-1'), ctx());
    expect(otherPath.status).toBe(409);
    const otherCaller = await systemsRoute.POST(post(`${BASE}/systems`, otherToken, { ...input, name: 'Keyed by another' }, 'k-1'), ctx());
    expect(otherCaller.status).toBe(201);
    expect(await count('ai_systems', sql`name LIKE ${'Keyed%'}`)).toBe(2);
  });

  it('runs the verb once when duplicates arrive together: the others answer 409 while the first is in progress, or its answer once done', async () => {
    // PostgreSQL: three pool connections open beforehand, so no duplicate waits for a connection while the first runs to the end.
    if (onPostgres) await Promise.all([1, 2, 3].map(() => sqlValue(sql`SELECT pg_sleep(0.05)`)));
    const input = { name: 'Raced', purpose: 'p', riskTier: 'minimal' };
    const answers = await Promise.all([1, 2, 3].map(() => systemsRoute.POST(post(`${BASE}/systems`, token, input, 'race-1'), ctx())));
    // SQLite claims in-process before any verb runs; PostgreSQL's pool may let the first finish before a duplicate claims,
    // which then gets the stored first answer replayed. Either way: one run, one fresh 201, every other answer that one or a 409.
    if (!onPostgres) expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const fresh = answers.filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') === null);
    expect(fresh).toHaveLength(1);
    const created = await fresh[0]!.json();
    expect(created).toMatchObject({ name: 'Raced' });
    for (const other of answers.filter((r) => r !== fresh[0])) {
      if (other.status === 409) expect((await other.json()).error.message).toMatch(/still being processed/);
      else expect([other.status, other.headers.get('idempotent-replayed'), await other.json()]).toEqual([201, 'true', created]);
    }
    expect(await count('ai_systems', sql`name = ${'Raced'}`)).toBe(1);
  });

  it('releases the key when the first attempt failed (it changed nothing), so a corrected retry runs', async () => {
    expect((await systemsRoute.POST(post(`${BASE}/systems`, token, { name: '' }, 'fix-me'), ctx())).status).toBe(400);
    expect((await systemsRoute.POST(post(`${BASE}/systems`, token, { name: 'Fixed', purpose: 'p', riskTier: 'minimal' }, 'fix-me'), ctx())).status).toBe(201);
  });

  it('refuses a key that is empty, longer than 200 characters or not printable ASCII (400), and writes nothing', async () => {
    const systems = await count('ai_systems');
    for (const key of ['', 'k'.repeat(201), 'clé', 'tab\there']) {
      const response = await systemsRoute.POST(post(`${BASE}/systems`, token, { name: 'Bad key', purpose: 'p', riskTier: 'minimal' }, key), ctx());
      expect(response.status).toBe(400);
      expect((await response.json()).error.issues[0].path).toBe('Idempotency-Key');
    }
    expect(await count('ai_systems')).toBe(systems);
  });

  it('covers streamed uploads: the same bytes answer the first result, other bytes under the key are a 409', async () => {
    const upload = (bytes: string, key: string) => {
      const form = new FormData();
      form.append('file', new Blob([bytes]), 'weights.bin');
      return uploadRoute.POST(new NextRequest(`${BASE}/artifacts`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}`, 'idempotency-key': key } }), ctx());
    };
    const first = await upload('idempotent bytes', 'upload-1');
    expect(first.status).toBe(201);
    const body = await first.json();
    expect(body.sha256).toBe(createHash('sha256').update('idempotent bytes').digest('hex'));
    const events = await count('audit_events');
    const retry = await upload('idempotent bytes', 'upload-1');
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect([retry.status, await retry.json()]).toEqual([201, body]);
    expect((await upload('other bytes', 'upload-1')).status).toBe(409);
    expect(await count('audit_events')).toBe(events);
  });

  it('gives up a claim left pending by a crash after 15 minutes, so the key does not answer 409 for ever', async () => {
    const input = { name: 'After a crash', purpose: 'Scores payments.', riskTier: 'limited' };
    const first = await systemsRoute.POST(post(`${BASE}/systems`, token, input, 'crashed-key'), ctx());
    expect(first.status).toBe(201);
    // As a crash between the claim and the answer leaves it: pending, and now 16 minutes old.
    await sqlRun(sql`UPDATE idempotency_keys SET status = 0, created_at = ${new Date(Date.now() - 16 * 60_000).toISOString()} WHERE key = 'crashed-key'`);
    const retry = await systemsRoute.POST(post(`${BASE}/systems`, token, { ...input, name: 'After a crash, retried' }, 'crashed-key'), ctx());
    expect(retry.status).toBe(201);
  });

  it('keeps no plain digest of a body that may carry a password', async () => {
    const input = { name: 'Fingerprinted', purpose: 'Scores payments.', riskTier: 'limited' };
    const body = JSON.stringify(input);
    expect((await systemsRoute.POST(post(`${BASE}/systems`, token, input, 'fingerprint-key'), ctx())).status).toBe(201);
    const stored = await sqlValue(sql`SELECT request_sha256 FROM idempotency_keys WHERE key = 'fingerprint-key'`);
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toBe(createHash('sha256').update(`POST\n/api/v1/systems\n${body}`).digest('hex'));
  });
});

