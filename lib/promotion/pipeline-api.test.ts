import { and, count, eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as approvedRoute from '@/app/api/v1/model-versions/approved/route';
import * as gateRoute from '@/app/api/v1/model-versions/[id]/gate/route';
import * as requestRoute from '@/app/api/v1/promotion-requests/[id]/route';
import * as requestsRoute from '@/app/api/v1/promotion-requests/route';
import { first, getDb, unguardedWriter } from '@/db';
import { auditEvents, modelVersions, promotionRequests } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { makeActor, makeSystem } from '@/lib/testing';
import { safetensorsBytes, uploadBytes } from './test-artifacts';
import { ensureDefaultPolicies } from './update-policy';
import { withdrawRequest } from './withdraw-request';

/** The routes `provenant` calls, through their handlers with bearer tokens, as a CI job calls them. */
let owner: Actor;
let other: Actor;
let modelId: string;
let systemId: string;
const tokens: Record<string, string> = {};
let counter = 0;

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [owner, other] = await Promise.all([makeActor(['data_scientist']), makeActor(['data_scientist'])]);
  systemId = (await makeSystem(owner, { riskTier: 'minimal' })).id;
  modelId = (await createModel(owner, { systemId, name: 'pipeline-model' })).id;
  tokens.read = (await createApiToken(owner, owner.userId, { name: 'read', scopes: ['read'] })).secret;
  tokens.register = (await createApiToken(owner, owner.userId, { name: 'register', scopes: ['read', 'register'] })).secret;
  tokens.promote = (await createApiToken(owner, owner.userId, { name: 'promote', scopes: ['promote'] })).secret;
  tokens.otherPromote = (await createApiToken(other, other.userId, { name: 'other', scopes: ['promote'] })).secret;
});

async function version({ evidence }: { evidence: boolean }) {
  const digest = (await uploadBytes(owner, safetensorsBytes(`pipeline-api-${++counter}-${Math.random()}`))).sha256;
  const created = await createModelVersion(owner, { modelId, version: `v${counter}`, artifactSha256: digest, format: 'safetensors' });
  await unguardedWriter().update(modelVersions).set({ stage: 'staging' }).where(eq(modelVersions.id, created.id));
  if (evidence) await recordEvaluation(owner, ZRecordEvaluationInput.parse({ modelVersionId: created.id, kind: 'performance', environment: 'staging', artifactSha256: digest, metrics: [{ name: 'auc', value: 0.9 }] }));
  return created;
}

const headers = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
const get = (route: { GET: (r: NextRequest, c: never) => Promise<Response> }, url: string, token: string, params: Record<string, string> = {}) =>
  route.GET(new NextRequest(`http://localhost/api/v1${url}`, { headers: headers(token) }), { params: Promise.resolve(params) } as never);
const promote = (token: string, body: unknown) =>
  requestsRoute.POST(new NextRequest('http://localhost/api/v1/promotion-requests', { method: 'POST', headers: headers(token), body: JSON.stringify(body) }), { params: Promise.resolve({}) } as never);
const requestsOf = async (versionId: string) => first(await getDb().select({ n: count() }).from(promotionRequests).where(eq(promotionRequests.modelVersionId, versionId)).limit(1))!.n;
const requestedAudits = async () => first(await getDb().select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'promotion.requested')).limit(1))!.n;

describe('POST /api/v1/promotion-requests', () => {
  it('opens a request with the promote scope on the owner’s version, audited once as the token, then reads back', async () => {
    const ready = await version({ evidence: true });
    const before = await requestedAudits();
    const response = await promote(tokens.promote!, { modelVersionId: ready.id, targetStage: 'production', justification: 'Opened by the pipeline after the gate passed.' });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; status: string; requesterId: string };
    expect(created).toMatchObject({ status: 'open', requesterId: owner.userId });
    expect(await requestedAudits()).toBe(before + 1);
    const audit = first(await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'promotion.requested'), eq(auditEvents.entityId, created.id))).limit(1))!;
    expect(audit.actorType).toBe('token');
    const read = await get(requestRoute, `/promotion-requests/${created.id}`, tokens.read!, { id: created.id });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ request: { id: created.id, status: 'open' } });
  });

  it('refuses a token without the scope and another person’s token (403), and a failing gate (409): nothing opened, nothing audited', async () => {
    const ready = await version({ evidence: true });
    const bare = await version({ evidence: false });
    const before = await requestedAudits();
    const body = { modelVersionId: ready.id, targetStage: 'production', justification: 'Opened by the pipeline after the gate passed.' };
    const unscoped = await promote(tokens.register!, body);
    expect(unscoped.status).toBe(403);
    expect(((await unscoped.json()) as { error: { message: string } }).error.message).toContain('promotion.request');
    expect((await promote(tokens.otherPromote!, body)).status).toBe(403);
    const refused = await promote(tokens.promote!, { ...body, modelVersionId: bare.id });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('Performance evidence: Missing.');
    expect((await promote(tokens.promote!, { ...body, justification: 'short' })).status).toBe(400);
    expect([await requestsOf(ready.id), await requestsOf(bare.id), await requestedAudits()]).toEqual([0, 0, before]);
  });
});

describe('GET /api/v1/promotion-requests', () => {
  it('lists the open queue oldest first by default, decided requests by status with the newest decision first, and refuses an unknown status', async () => {
    const opened: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await promote(tokens.promote!, { modelVersionId: (await version({ evidence: true })).id, targetStage: 'production', justification: 'Opened to test the list of requests.' });
      opened.push(((await response.json()) as { id: string }).id);
    }
    await withdrawRequest(owner, opened[1]!);
    await new Promise((resolve) => setTimeout(resolve, 5)); // decided in two different milliseconds
    await withdrawRequest(owner, opened[0]!);
    const list = async (query: string) => {
      const response = await get(requestsRoute, `/promotion-requests?systemId=${systemId}&${query}`, tokens.read!);
      expect(response.status).toBe(200);
      return ((await response.json()) as { items: { request: { id: string; status: string } }[]; total: number }).items.map((i) => i.request);
    };
    expect((await list('')).filter((r) => opened.includes(r.id)).map((r) => r.id)).toEqual([opened[2]]);
    expect((await list('status=withdrawn')).filter((r) => opened.includes(r.id)).map((r) => r.id)).toEqual([opened[0], opened[1]]);
    expect((await list('status=closed')).every((r) => r.status !== 'open')).toBe(true);
    expect((await list('status=approved')).filter((r) => opened.includes(r.id))).toEqual([]);
    const refused = await get(requestsRoute, '/promotion-requests?status=pending', tokens.read!);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { issues: { path: string }[] } }).error.issues).toEqual([expect.objectContaining({ path: 'status' })]);
  });
});

describe('the reads behind `provenant gate` and `provenant verify`', () => {
  it('answers the live gate of one stage and refuses a stage that is not a target', async () => {
    const bare = await version({ evidence: false });
    const response = await get(gateRoute, `/model-versions/${bare.id}/gate?stage=production`, tokens.read!, { id: bare.id });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { target: string; gate: { passed: boolean; requirements: { label: string; met: boolean }[] } };
    expect(body).toMatchObject({ target: 'production', gate: { passed: false } });
    expect(body.gate.requirements.filter((r) => !r.met).map((r) => r.label)).toEqual(['Performance evidence']);
    expect((await get(gateRoute, `/model-versions/${bare.id}/gate?stage=development`, tokens.read!, { id: bare.id })).status).toBe(400);
    expect((await get(gateRoute, `/model-versions/nope/gate?stage=production`, tokens.read!, { id: 'nope' })).status).toBe(404);
    expect((await get(gateRoute, `/model-versions/${bare.id}/gate?stage=production`, tokens.promote!, { id: bare.id })).status).toBe(403);
  });

  it('answers a verdict for a well-formed digest only', async () => {
    const digest = 'c'.repeat(64);
    const response = await get(approvedRoute, `/model-versions/approved?sha256=${digest}`, tokens.read!);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ approved: false, verdict: 'unknown_digest', stage: 'production' });
    expect((await get(approvedRoute, '/model-versions/approved?sha256=abc', tokens.read!)).status).toBe(400);
    expect((await get(approvedRoute, `/model-versions/approved?sha256=${digest}&stage=development`, tokens.read!)).status).toBe(400);
  });
});
