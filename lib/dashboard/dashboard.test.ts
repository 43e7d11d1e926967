import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getConnection, getDb } from '@/db';
import { apiTokens, modelVersions, userRoles } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { Forbidden } from '@/lib/errors';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { requestPromotion } from '@/lib/promotion/request-promotion';
import { ZSignRequestInput } from '@/lib/promotion/schemas';
import { signRequest } from '@/lib/promotion/sign-request';
import { safetensorsBytes, uploadBytes } from '@/lib/promotion/test-artifacts';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
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
  ensureDefaultPolicies(systemActor('test'));
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
  modelId = createModel(ds, { systemId: makeSystem(ds, { riskTier: 'high' }).id, name: modelName }).id;
  reviewerModelId = createModel(dsReviewer, { systemId: makeSystem(dsReviewer, { riskTier: 'high', name: 'Fraud' }).id, name: 'fraud' }).id;
});

let counter = 0;
/** A staging version with real scanned bytes and counting evidence of every kind the high-risk production gate needs. */
async function readyVersion(owner = ds, model = modelId) {
  const digest = (await uploadBytes(owner, safetensorsBytes(`home-${++counter}`))).sha256;
  const version = createModelVersion(owner, { modelId: model, version: `3.${counter}.0`, artifactSha256: digest, format: 'safetensors' });
  getDb().update(modelVersions).set({ stage: 'staging' }).where(eq(modelVersions.id, version.id)).run();
  for (const [kind, environment] of [['performance', 'staging'], ['performance', 'production'], ['robustness', 'staging'], ['fairness', 'staging'], ['red_team', 'staging']] as const) {
    recordEvaluation(owner, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind, environment, artifactSha256: digest, metrics: [{ name: 'auc', value: 0.9 }] }));
  }
  return version;
}
const submit = (versionId: string, requester = ds) => requestPromotion(requester, { modelVersionId: versionId, targetStage: 'production', justification: 'Evidence complete for the dashboard tests.' });
const sign = (actor: Actor, request: { id: string; snapshotSha256: string }, role: string) =>
  signRequest(actor, ZSignRequestInput.parse({ requestId: request.id, role, decision: 'approve', comment: '', password: PASSWORD, snapshotSha256: request.snapshotSha256 }));
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe('the reviewer queue', () => {
  it('lists a request for each reviewer whose role it still needs, until they or a colleague of that role sign it', async () => {
    const request = submit((await readyVersion()).id);
    expect(ids(awaitingSignature(ro).items)).toContain(request.id);
    expect(ids(awaitingSignature(sr).items)).toContain(request.id);
    expect(awaitingSignature(ro).items.find((r) => r.id === request.id)?.myRoles).toEqual(['risk_officer']);

    await sign(ro, request, 'risk_officer');
    expect(ids(awaitingSignature(ro).items)).not.toContain(request.id);
    // The one risk-officer approval the policy asks for is given: another risk officer is no longer awaited.
    expect(ids(awaitingSignature(ro2).items)).not.toContain(request.id);
    expect(ids(awaitingSignature(sr).items)).toContain(request.id);
    expect(recentlySigned(ro)[0]).toMatchObject({ requestId: request.id, decision: 'approve', status: 'open', targetStage: 'production' });
    expect(ownOpenRequests(ds).find((r) => r.id === request.id)).toMatchObject({ awaited: [{ role: 'security_reviewer', missing: 1 }], signedBy: [ro.name] });
  });

  it('never offers a person their own request, and counts every waiting request beyond the page', async () => {
    const own = submit((await readyVersion(dsReviewer, reviewerModelId)).id, dsReviewer);
    expect(ids(awaitingSignature(dsReviewer).items)).not.toContain(own.id);
    expect(ids(awaitingSignature(ro2).items)).toContain(own.id);
    const queue = awaitingSignature(sr, 1);
    expect(queue.items).toHaveLength(1);
    expect(queue.total).toBeGreaterThanOrEqual(2);
  });

  it('is refused to people who cannot sign', () => {
    expect(() => awaitingSignature(auditor)).toThrow(Forbidden);
    expect(() => recentlySigned(ds)).toThrow(Forbidden);
  });
});

describe('the data scientist queue', () => {
  it('shows a version held back by the gate with the requirements it fails, and leaves requested ones to the request list', async () => {
    const bare = createModelVersion(ds, { modelId, version: 'bare-1', artifactSha256: 'e'.repeat(64), format: 'onnx' });
    const ready = await readyVersion();
    const requested = await readyVersion();
    submit(requested.id);
    const queue = ownVersionsAtGate(ds, 50);
    const blocked = queue.find((v) => v.id === bare.id);
    expect(blocked?.blocked?.target).toBe('staging');
    expect(blocked?.blocked?.failing.map((r) => r.id)).toEqual(expect.arrayContaining(['evidence:performance']));
    expect(blocked?.blocked?.failing.length).toBeLessThanOrEqual(3);
    expect(queue.find((v) => v.id === ready.id)).toMatchObject({ ready: ['production'], blocked: null });
    expect(queue.map((v) => v.id)).not.toContain(requested.id);
    expect(ownOpenRequests(ds).find((r) => r.version === requested.version)?.awaited.map((a) => a.role)).toEqual(['risk_officer', 'security_reviewer']);
    expect(() => ownVersionsAtGate(auditor)).toThrow(Forbidden);
  });
});

describe('recent activity', () => {
  it('names people and records instead of ids', async () => {
    const version = await readyVersion();
    const request = submit(version.id);
    await sign(ro, request, 'risk_officer');
    const sentences = recentActivity(auditor, 20).map((item) => item.parts.map((p) => ('text' in p ? p.text : p.entity.label)).join(''));
    expect(sentences).toContain(`${ro.name} approved ${modelName} ${version.version} for production`);
    expect(sentences).toContain(`${ds.name} requested promotion of ${modelName} ${version.version} to production`);
    expect(sentences).toContain(`${ds.name} recorded red team evidence for ${modelName} ${version.version}`);
    for (const sentence of sentences) expect(sentence).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    const approved = recentActivity(auditor, 20).find((item) => item.action === 'promotion.signed')!;
    expect(approved.parts.find((p) => 'entity' in p)).toMatchObject({ entity: { href: `/approvals/${request.id}` } });
    expect(() => recentActivity(ds)).toThrow(Forbidden);
  });

  it('resolves the names of every kind of entity with one statement', async () => {
    const version = await readyVersion();
    const prepare = vi.spyOn(getConnection().sqlite, 'prepare');
    const names = resolveEntityNames([
      { type: 'model', id: modelId },
      { type: 'model_version', id: version.id },
      { type: 'user', id: ro.userId },
      { type: 'ai_system', id: 'no-such-system' },
    ]);
    expect(prepare).toHaveBeenCalledTimes(1);
    prepare.mockRestore();
    expect(names.get(`model_version:${version.id}`)).toMatchObject({ label: `${modelName} ${version.version}`, href: `/models/${modelId}/versions/${version.id}` });
    expect(names.get(`user:${ro.userId}`)?.label).toBe(ro.name);
    expect(names.has('ai_system:no-such-system')).toBe(false);
  });
});

describe('the admin queue', () => {
  it('lists live tokens that expire within 30 days, soonest first, and none that are revoked, expired or far off', () => {
    const soon = createApiToken(systemActor('test'), ds.userId, { name: 'expires soon', scopes: ['read'], expiresInDays: 10 });
    createApiToken(systemActor('test'), ds.userId, { name: 'expires later', scopes: ['read'], expiresInDays: 40 });
    const revoked = createApiToken(systemActor('test'), ds.userId, { name: 'revoked soon', scopes: ['read'], expiresInDays: 5 });
    getDb().update(apiTokens).set({ revokedAt: new Date().toISOString() }).where(eq(apiTokens.id, revoked.id)).run();
    const names = expiringTokens(admin).map((t) => t.name);
    expect(names).toEqual(['expires soon']);
    expect(expiringTokens(admin, new Date(Date.now() + 11 * 86400000)).map((t) => t.name)).toEqual(['expires later']);
    expect(soon.id).toBeTruthy();
    expect(() => expiringTokens(ro)).toThrow(Forbidden);
  });

  it('counts accounts, including active ones without a role', async () => {
    const before = userSummary(admin);
    const roleless = await makeActor(['auditor']);
    getDb().delete(userRoles).where(eq(userRoles.userId, roleless.userId)).run();
    const after = userSummary(admin);
    expect(after.active).toBe(before.active + 1);
    expect(after.withoutRole).toBe(before.withoutRole + 1);
    expect(() => userSummary(auditor)).toThrow(Forbidden);
  });
});
