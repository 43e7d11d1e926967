import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as incidentsRoute from '@/app/api/v1/incidents/route';
import * as systemRoute from '@/app/api/v1/systems/route';
import * as systemItemRoute from '@/app/api/v1/systems/[id]/route';
import { getDb, unguardedWriter } from '@/db';
import { apiTokens } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { makeActor } from '@/lib/testing';

const BASE = 'http://localhost/api/v1/systems';
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

function call(method: string, url: string, token: string | null, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return new NextRequest(url, { method, headers, body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body) });
}

let ds: Actor;
let readToken: string;
let registerToken: string;

beforeAll(async () => {
  ds = await makeActor(['data_scientist']);
  readToken = (await createApiToken(ds, ds.userId, { name: 'ci read', scopes: ['read'] })).secret;
  registerToken = (await createApiToken(ds, ds.userId, { name: 'ci register', scopes: ['register', 'read'] })).secret;
});

describe('the /api/v1/systems route handlers with API tokens', () => {
  it('create with 201 and the record, ignoring fields the caller may not set', async () => {
    const response = await systemRoute.POST(call('POST', BASE, registerToken, { name: 'Fraud', purpose: 'Scores payments.', riskTier: 'limited', ownerId: 'forged', id: 'forged' }), ctx());
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ name: 'Fraud', ownerId: ds.userId, riskTier: 'limited' });
    expect(body.id).not.toBe('forged');
    const fetched = await systemItemRoute.GET(call('GET', `${BASE}/${body.id}`, readToken), ctx({ id: body.id }));
    expect((await fetched.json()).name).toBe('Fraud');
  });

  it('list as { items, total } with paging and filters', async () => {
    const response = await systemRoute.GET(call('GET', `${BASE}?riskTier=limited&pageSize=1&page=1`, readToken), ctx());
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.items).toHaveLength(1);
    expect(body.total).toBeGreaterThanOrEqual(1);
    expect(body.items.every((s: { riskTier: string }) => s.riskTier === 'limited')).toBe(true);
  });

  it('answer 400 with field-level issues for bad input and for malformed JSON', async () => {
    const bad = await systemRoute.POST(call('POST', BASE, registerToken, { name: '', riskTier: 'severe' }), ctx());
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.code).toBe('invalid');
    expect(body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['name', 'purpose', 'riskTier']);
    const malformed = await systemRoute.POST(call('POST', BASE, registerToken, '{"name": '), ctx());
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.message).toMatch(/JSON/);
    const badQuery = await systemRoute.GET(call('GET', `${BASE}?pageSize=100000`, readToken), ctx());
    expect(badQuery.status).toBe(400);
  });

  it('refuse a token without the scope (403), unknown, revoked and expired tokens (401), and unknown ids (404)', async () => {
    expect((await systemRoute.POST(call('POST', BASE, readToken, { name: 'x', purpose: 'y', riskTier: 'minimal' }), ctx())).status).toBe(403);
    expect((await systemRoute.GET(call('GET', BASE, 'pvn_not-a-token'), ctx())).status).toBe(401);
    const revoked = await createApiToken(ds, ds.userId, { name: 'soon revoked', scopes: ['read'] });
    await unguardedWriter().update(apiTokens).set({ revokedAt: new Date().toISOString() }).where(eq(apiTokens.id, revoked.id));
    const response = await systemRoute.GET(call('GET', BASE, revoked.secret), ctx());
    expect(response.status).toBe(401);
    expect((await response.json()).error.message).toMatch(/revoked/);
    expect((await systemItemRoute.GET(call('GET', `${BASE}/nope`, readToken), ctx({ id: 'nope' }))).status).toBe(404);
    const expired = await createApiToken(ds, ds.userId, { name: 'expired', scopes: ['read'], expiresInDays: 1 });
    await unguardedWriter().update(apiTokens).set({ expiresAt: '2020-01-01T00:00:00.000Z' }).where(eq(apiTokens.id, expired.id));
    const late = await systemRoute.GET(call('GET', BASE, expired.secret), ctx());
    expect(late.status).toBe(401);
    expect((await late.json()).error.message).toMatch(/expired/);
  });

  it('record when a token was last used, never its secret', async () => {
    const rows = await getDb().select().from(apiTokens).where(eq(apiTokens.userId, ds.userId));
    expect(rows.some((t) => t.lastUsedAt)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(readToken);
  });
});

describe('authorisation before input (DESIGN: the role check comes first)', () => {
  const INCIDENTS = 'http://localhost/api/v1/incidents';

  it('answers an auditor 403 for an empty or even unreadable body, and a permitted caller 400 with the field issues', async () => {
    const auditor = await makeActor(['auditor']);
    const auditorToken = (await createApiToken(systemActor('test'), auditor.userId, { name: 'auditor', scopes: ['findings:write'] })).secret;
    const dsToken = (await createApiToken(systemActor('test'), ds.userId, { name: 'incident writer', scopes: ['findings:write'] })).secret;
    const refused = await incidentsRoute.POST(call('POST', INCIDENTS, auditorToken, {}), ctx());
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.issues).toBeUndefined();
    expect((await incidentsRoute.POST(call('POST', INCIDENTS, auditorToken, '{"title": '), ctx())).status).toBe(403);
    const invalid = await incidentsRoute.POST(call('POST', INCIDENTS, dsToken, {}), ctx());
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.issues.length).toBeGreaterThan(0);
  });

  it('refuses a token without the scope before reading its bad body', async () => {
    expect((await systemRoute.POST(call('POST', BASE, readToken, { name: '' }), ctx())).status).toBe(403);
  });

  it('is declared on every write route whose verb starts with one role check', () => {
    // PATCH /findings/{id} picks update, close or waive from the body; the catch-all only answers 404.
    const exempt = new Set(['findings/[id]/route.ts', '[...path]/route.ts']);
    const root = path.join(process.cwd(), 'app/api/v1');
    const routes = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('route.ts') && !exempt.has(f));
    const undeclared = routes.filter((f) => {
      const text = readFileSync(path.join(root, f), 'utf8');
      return /export const (POST|PUT|PATCH|DELETE) = apiRoute\(\{(?![^}]*permission:)/.test(text);
    });
    expect(routes.length).toBeGreaterThan(20);
    expect(undeclared).toEqual([]);
  });
});
