import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb, unguardedWriter } from '@/db';
import { apiTokens, modelVersions, userRoles } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { Forbidden } from '@/lib/errors';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { retireSystem } from '@/lib/inventory/retire-system';
import { requestPromotion } from '@/lib/promotion/request-promotion';
import { ZSignRequestInput } from '@/lib/promotion/schemas';
import { signRequest } from '@/lib/promotion/sign-request';
import { safetensorsBytes, uploadBytes } from '@/lib/promotion/test-artifacts';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
import { onPostgres } from '@/lib/testing-sql';
import { awaitingSignature } from './awaiting-signature';
import { resolveEntityNames } from './entity-names';
import { expiringTokens } from './expiring-tokens';
import { ownOpenRequests } from './own-open-requests';
import { ownVersionsAtGate } from './own-versions-at-gate';
import { recentActivity } from './recent-activity';
import { recentlySigned } from './recently-signed';
import { userSummary } from './user-summary';

const PASSWORD = 'correct horse battery staple';
let ds: Actor;
let dsReviewer: Actor;
let ro: Actor;
let ro2: Actor;
let sr: Actor;
let auditor: Actor;
let admin: Actor;
let modelId: string;
let modelName: string;
let reviewerModelId: string;

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [ds, dsReviewer, ro, ro2, sr, auditor, admin] = await Promise.all([
    makeActor(['data_scientist']),
    makeActor(['data_scientist', 'risk_officer']),
    makeActor(['risk_officer']),
    makeActor(['risk_officer']),
    makeActor(['security_reviewer']),
    makeActor(['auditor']),
    makeActor(['admin']),
  ]);
  modelName = 'scorer: "quoted" <b>';
  modelId = (await createModel(ds, { systemId: (await makeSystem(ds, { riskTier: 'high' })).id, name: modelName })).id;
  reviewerModelId = (await createModel(dsReviewer, { systemId: (await makeSystem(dsReviewer, { riskTier: 'high', name: 'Fraud' })).id, name: 'fraud' })).id;
});

let counter = 0;
/** A staging version with real scanned bytes and counting evidence of every kind the high-risk production gate needs. */
async function readyVersion(owner = ds, model = modelId) {
  const digest = (await uploadBytes(owner, safetensorsBytes(`home-${++counter}`))).sha256;
  const version = await createModelVersion(owner, { modelId: model, version: `3.${counter}.0`, artifactSha256: digest, format: 'safetensors' });
  await unguardedWriter().update(modelVersions).set({ stage: 'staging' }).where(eq(modelVersions.id, version.id));
  for (const [kind, environment] of [['performance', 'staging'], ['performance', 'production'], ['robustness', 'staging'], ['fairness', 'staging'], ['red_team', 'staging']] as const) {
    await recordEvaluation(owner, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind, environment, artifactSha256: digest, metrics: [{ name: 'auc', value: 0.9 }] }));
  }
  return version;
}
const submit = async (versionId: string, requester = ds) => await requestPromotion(requester, { modelVersionId: versionId, targetStage: 'production', justification: 'Evidence complete for the dashboard tests.' });
const sign = (actor: Actor, request: { id: string; snapshotSha256: string }, role: string) =>
  signRequest(actor, ZSignRequestInput.parse({ requestId: request.id, role, decision: 'approve', comment: '', password: PASSWORD, snapshotSha256: request.snapshotSha256 }));
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

/**
 * The number of statements run outside a transaction while `fn` runs: SQLite prepares each one on the read-only
 * connection; on PostgreSQL drizzle sends each through the pool's `query`.
 */
async function statementsDuring<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const client = getDb().$client as unknown as Record<'prepare' | 'query', (...args: unknown[]) => unknown>;
  const spy = vi.spyOn(client, onPostgres ? 'query' : 'prepare');
  try {
    const result = await fn();
    return { result, statements: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}

describe('the reviewer queue', () => {
  it('lists a request for each reviewer whose role it still needs, until they or a colleague of that role sign it', async () => {
    const request = await submit((await readyVersion()).id);
    expect(ids((await awaitingSignature(ro)).items)).toContain(request.id);
    expect(ids((await awaitingSignature(sr)).items)).toContain(request.id);
    expect((await awaitingSignature(ro)).items.find((r) => r.id === request.id)?.myRoles).toEqual(['risk_officer']);

    await sign(ro, request, 'risk_officer');
    expect(ids((await awaitingSignature(ro)).items)).not.toContain(request.id);
    // The one risk-officer approval the policy asks for is given: another risk officer is no longer awaited.
    expect(ids((await awaitingSignature(ro2)).items)).not.toContain(request.id);
    expect(ids((await awaitingSignature(sr)).items)).toContain(request.id);
    expect((await recentlySigned(ro))[0]).toMatchObject({ requestId: request.id, decision: 'approve', conditions: '', status: 'open', targetStage: 'production' });
    expect((await ownOpenRequests(ds)).find((r) => r.id === request.id)).toMatchObject({ awaited: [{ role: 'security_reviewer', missing: 1 }], signedBy: [ro.name] });
  });

  it('never offers a person their own request, and counts every waiting request beyond the page', async () => {
    const own = await submit((await readyVersion(dsReviewer, reviewerModelId)).id, dsReviewer);
    expect(ids((await awaitingSignature(dsReviewer)).items)).not.toContain(own.id);
    expect(ids((await awaitingSignature(ro2)).items)).toContain(own.id);
    const queue = await awaitingSignature(sr, 1);
    expect(queue.items).toHaveLength(1);
    expect(queue.total).toBeGreaterThanOrEqual(2);
  });

  it('is refused to people who cannot sign', async () => {
    await expect(async () => await awaitingSignature(auditor)).rejects.toThrow(Forbidden);
    await expect(async () => await recentlySigned(ds)).rejects.toThrow(Forbidden);
  });
});

describe('the data scientist queue', () => {
  it('shows a version held back by the gate with the requirements it fails, and leaves requested ones to the request list', async () => {
    const bare = await createModelVersion(ds, { modelId, version: 'bare-1', artifactSha256: 'e'.repeat(64), format: 'onnx' });
    const ready = await readyVersion();
    const requested = await readyVersion();
    await submit(requested.id);
    const queue = await ownVersionsAtGate(ds, 50);
    const blocked = queue.find((v) => v.id === bare.id);
    expect(blocked?.blocked?.target).toBe('staging');
    expect(blocked?.blocked?.failing.map((r) => r.id)).toEqual(expect.arrayContaining(['evidence:performance']));
    expect(blocked?.blocked?.failing.length).toBeLessThanOrEqual(3);
    expect(queue.find((v) => v.id === ready.id)).toMatchObject({ ready: ['production'], blocked: null });
    expect(queue.map((v) => v.id)).not.toContain(requested.id);
    expect((await ownOpenRequests(ds)).find((r) => r.version === requested.version)?.awaited.map((a) => a.role)).toEqual(['risk_officer', 'security_reviewer']);
    await expect(async () => await ownVersionsAtGate(auditor)).rejects.toThrow(Forbidden);
  });

  it('leaves out the versions of a retired system, which move no more', async () => {
    const system = await makeSystem(ds, { riskTier: 'minimal', name: 'Retired queue' });
    const model = await createModel(ds, { systemId: system.id, name: 'retired-queue' });
    const left = await createModelVersion(ds, { modelId: model.id, version: 'left-1', artifactSha256: 'd'.repeat(64), format: 'onnx' });
    expect((await ownVersionsAtGate(ds, 50)).map((v) => v.id)).toContain(left.id);
    await retireSystem(ds, system.id, { reason: 'Replaced.' });
    expect((await ownVersionsAtGate(ds, 50)).map((v) => v.id)).not.toContain(left.id);
  });
});

describe('recent activity', () => {
  it('names people and records instead of ids', async () => {
    const version = await readyVersion();
    const request = await submit(version.id);
    await sign(ro, request, 'risk_officer');
    const sentences = (await recentActivity(auditor, 20)).map((item) => item.parts.map((p) => ('text' in p ? p.text : p.entity.label)).join(''));
    expect(sentences).toContain(`${ro.name} signed an approval of ${modelName} ${version.version} for production as risk officer; other signatures are awaited`);
    expect(sentences).toContain(`${ds.name} requested promotion of ${modelName} ${version.version} to production`);
    expect(sentences).toContain(`${ds.name} recorded red team evidence for ${modelName} ${version.version}`);
    for (const sentence of sentences) expect(sentence).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    const approved = (await recentActivity(auditor, 20)).find((item) => item.action === 'promotion.signed')!;
    expect(approved.parts.find((p) => 'entity' in p)).toMatchObject({ entity: { href: `/approvals/${request.id}` } });
    await expect(async () => await recentActivity(ds)).rejects.toThrow(Forbidden);
  });

  it('resolves the names of every kind of entity with one statement', async () => {
    const version = await readyVersion();
    const { result: names, statements } = await statementsDuring(() =>
      resolveEntityNames([
        { type: 'model', id: modelId },
        { type: 'model_version', id: version.id },
        { type: 'user', id: ro.userId },
        { type: 'ai_system', id: 'no-such-system' },
      ]),
    );
    expect(statements).toBe(1);
    expect(names.get(`model_version:${version.id}`)).toMatchObject({ label: `${modelName} ${version.version}`, href: `/models/${modelId}/versions/${version.id}` });
    expect(names.get(`user:${ro.userId}`)?.label).toBe(ro.name);
    expect(names.has('ai_system:no-such-system')).toBe(false);
  });
});

describe('the admin queue', () => {
  it('lists live tokens that expire within 30 days, soonest first, and none that are revoked, expired or far off', async () => {
    const soon = await createApiToken(systemActor('test'), ds.userId, { name: 'expires soon', scopes: ['read'], expiresInDays: 10 });
    await createApiToken(systemActor('test'), ds.userId, { name: 'expires later', scopes: ['read'], expiresInDays: 40 });
    const revoked = await createApiToken(systemActor('test'), ds.userId, { name: 'revoked soon', scopes: ['read'], expiresInDays: 5 });
    await unguardedWriter().update(apiTokens).set({ revokedAt: new Date().toISOString() }).where(eq(apiTokens.id, revoked.id));
    const names = (await expiringTokens(admin)).map((t) => t.name);
    expect(names).toEqual(['expires soon']);
    expect((await expiringTokens(admin, new Date(Date.now() + 11 * 86400000))).map((t) => t.name)).toEqual(['expires later']);
    expect(soon.id).toBeTruthy();
    await expect(async () => await expiringTokens(ro)).rejects.toThrow(Forbidden);
  });

  it('counts accounts, including active ones without a role', async () => {
    const before = await userSummary(admin);
    const roleless = await makeActor(['auditor']);
    await unguardedWriter().delete(userRoles).where(eq(userRoles.userId, roleless.userId));
    const after = await userSummary(admin);
    expect(after.active).toBe(before.active + 1);
    expect(after.withoutRole).toBe(before.withoutRole + 1);
    await expect(async () => await userSummary(auditor)).rejects.toThrow(Forbidden);
  });
});
