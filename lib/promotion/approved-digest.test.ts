import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { unguardedWriter } from '@/db';
import { aiSystems, modelVersions, userRoles } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { Forbidden, NotFound } from '@/lib/errors';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { retireSystem } from '@/lib/inventory/retire-system';
import { makeActor, makeSystem } from '@/lib/testing';
import { approvedDigest } from './approved-digest';
import { liveGate } from './queries';
import { requestPromotion } from './request-promotion';
import { ZApprovedDigestQuery, ZGateQuery, ZSignRequestInput } from './schemas';
import { signRequest } from './sign-request';
import { safetensorsBytes, uploadBytes } from './test-artifacts';
import { ensureDefaultPolicies } from './update-policy';

let ds: Actor;
let ro: Actor;
let systemId: string;
let modelId: string;
let counter = 0;

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [ds, ro] = await Promise.all([makeActor(['data_scientist']), makeActor(['risk_officer'])]);
  systemId = (await makeSystem(ds, { riskTier: 'minimal' })).id;
  modelId = (await createModel(ds, { systemId, name: 'ranker' })).id;
});

/** A scanned version in staging with the performance evidence the minimal tier's production policy asks for. */
async function stagedVersion(inSystem?: string) {
  const digest = (await uploadBytes(ds, safetensorsBytes(`approved-digest-${++counter}-${Math.random()}`))).sha256;
  const model = inSystem ? (await createModel(ds, { systemId: inSystem, name: `forecaster-${counter}` })).id : modelId;
  const version = await createModelVersion(ds, { modelId: model, version: `v${counter}`, artifactSha256: digest, format: 'safetensors' });
  await unguardedWriter().update(modelVersions).set({ stage: 'staging' }).where(eq(modelVersions.id, version.id));
  await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind: 'performance', environment: 'staging', artifactSha256: digest, metrics: [{ name: 'auc', value: 0.9 }] }));
  return { ...version, digest };
}

async function approveForProduction(versionId: string) {
  const request = await requestPromotion(ds, { modelVersionId: versionId, targetStage: 'production', justification: 'The pipeline evidence is complete.' });
  await signRequest(ro, ZSignRequestInput.parse({ requestId: request.id, role: 'risk_officer', decision: 'approve', comment: '', password: 'correct horse battery staple', snapshotSha256: request.snapshotSha256 }));
  return request;
}

const verdict = async (actor: Actor, query: Record<string, string>) => await approvedDigest(actor, ZApprovedDigestQuery.parse(query));

describe('the approved-digest verdict a deployment job reads', () => {
  it('approves only the digest of a version brought into production by an approved request, and names its signer', async () => {
    const version = await stagedVersion();
    expect(await verdict(ds, { sha256: version.digest })).toMatchObject({ approved: false, verdict: 'other_stage', message: expect.stringContaining('is in staging') });
    const request = await approveForProduction(version.id);
    const answer = await verdict(ds, { sha256: version.digest });
    expect(answer).toMatchObject({ approved: true, verdict: 'approved', approvedVersionId: version.id, stage: 'production' });
    expect(answer.versions[0]!.approval).toMatchObject({ requestId: request.id, signatures: [{ role: 'risk_officer', printedName: expect.any(String) }] });
    expect(await verdict(ds, { sha256: version.digest, systemId })).toMatchObject({ approved: true });
    expect(await verdict(ds, { sha256: version.digest, systemId: 'another-system' })).toMatchObject({ approved: false, verdict: 'other_system' });
    expect(await verdict(ds, { sha256: version.digest, stage: 'staging' })).toMatchObject({ approved: false, verdict: 'other_stage' });
  });

  it('still approves the production version when 25 newer decoys in another model carry its digest', async () => {
    const version = await stagedVersion();
    await approveForProduction(version.id);
    const decoyModel = (await createModel(ds, { systemId: (await makeSystem(ds, { riskTier: 'minimal', name: 'Decoys' })).id, name: 'decoys' })).id;
    for (let i = 1; i <= 25; i++) await createModelVersion(ds, { modelId: decoyModel, version: `dup-${i}`, artifactSha256: version.digest, format: 'safetensors' });
    const answer = await verdict(ds, { sha256: version.digest });
    expect(answer).toMatchObject({ approved: true, verdict: 'approved', approvedVersionId: version.id });
    expect(answer.versions[0]).toMatchObject({ id: version.id, approval: { requestId: expect.any(String) } });
    expect(answer.versions).toHaveLength(21);
    expect(await verdict(ds, { sha256: version.digest, systemId })).toMatchObject({ approved: true, approvedVersionId: version.id });
  });

  it('refuses a version put in production without an approved request, a retired system, and an unknown digest', async () => {
    const forced = await stagedVersion();
    await unguardedWriter().update(modelVersions).set({ stage: 'production' }).where(eq(modelVersions.id, forced.id));
    expect(await verdict(ds, { sha256: forced.digest })).toMatchObject({ approved: false, verdict: 'not_approved', approvedVersionId: null });

    const retiredSystem = (await makeSystem(ds, { riskTier: 'minimal', name: 'Retired ranker' })).id;
    const retiredModel = (await createModel(ds, { systemId: retiredSystem, name: 'ranker' })).id;
    const digest = (await uploadBytes(ds, safetensorsBytes(`retired-${Math.random()}`))).sha256;
    const version = await createModelVersion(ds, { modelId: retiredModel, version: 'v1', artifactSha256: digest, format: 'safetensors' });
    await unguardedWriter().update(modelVersions).set({ stage: 'staging' }).where(eq(modelVersions.id, version.id));
    await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind: 'performance', environment: 'staging', artifactSha256: digest, metrics: [{ name: 'auc', value: 0.9 }] }));
    await approveForProduction(version.id);
    expect(await verdict(ds, { sha256: digest })).toMatchObject({ approved: true });
    await unguardedWriter().update(aiSystems).set({ lifecycleStatus: 'retired' }).where(eq(aiSystems.id, retiredSystem));
    expect(await verdict(ds, { sha256: digest })).toMatchObject({ approved: false, verdict: 'retired_system' });
    // Retired through the verb, the system's approved version is archived, and still named as a retired system's.
    const retiredAgain = (await makeSystem(ds, { riskTier: 'minimal', name: 'Retired forecaster' })).id;
    const approved = await stagedVersion(retiredAgain);
    await approveForProduction(approved.id);
    await retireSystem(ds, retiredAgain, { reason: 'Replaced.' });
    expect(await verdict(ds, { sha256: approved.digest })).toMatchObject({ approved: false, verdict: 'retired_system', message: expect.stringMatching(/belongs to a retired system \(now archived\)/) });
    // A retired system's version that never left development says nothing about bytes a live system has in staging.
    const live = await stagedVersion();
    const idle = (await makeSystem(ds, { riskTier: 'minimal', name: 'Retired idle' })).id;
    await createModelVersion(ds, { modelId: (await createModel(ds, { systemId: idle, name: 'idle' })).id, version: 'v1', artifactSha256: live.digest, format: 'safetensors' });
    await retireSystem(ds, idle, { reason: 'Never used.' });
    expect(await verdict(ds, { sha256: live.digest })).toMatchObject({ approved: false, verdict: 'other_stage' });

    expect(await verdict(ds, { sha256: 'a'.repeat(64) })).toMatchObject({ approved: false, verdict: 'unknown_digest', versions: [] });
  });

  it('takes a well-formed digest only, and needs the read scope', async () => {
    expect(ZApprovedDigestQuery.safeParse({ sha256: 'not-a-digest' }).success).toBe(false);
    expect(ZApprovedDigestQuery.safeParse({ sha256: 'a'.repeat(64), stage: 'archived' }).success).toBe(false);
    const deployOnly: Actor = { ...ds, type: 'token', tokenId: 't', scopes: ['deploy:report'] };
    await expect(async () => await verdict(deployOnly, { sha256: 'a'.repeat(64) })).rejects.toThrow(Forbidden);
  });
});

describe('the live gate of one stage', () => {
  it('fails with its unmet requirements, then passes once the evidence counts, and names a version already there as not moving up', async () => {
    const digest = (await uploadBytes(ds, safetensorsBytes(`gate-${Math.random()}`))).sha256;
    const bare = await createModelVersion(ds, { modelId, version: `bare-${++counter}`, artifactSha256: digest, format: 'safetensors' });
    const failing = await liveGate(ds, bare.id, ZGateQuery.parse({ stage: 'production' }).stage);
    expect(failing).toMatchObject({ stage: 'development', target: 'production', rollback: false, gate: { passed: false } });
    expect(failing.gate.requirements.filter((r) => !r.met).map((r) => r.label)).toEqual(['Performance evidence']);

    const ready = await stagedVersion();
    expect((await liveGate(ds, ready.id, 'production')).gate.passed).toBe(true);
    await approveForProduction(ready.id);
    const after = await liveGate(ds, ready.id, 'production');
    expect(after.gate.passed).toBe(false);
    expect(after.gate.requirements.find((r) => r.id === 'stage')).toMatchObject({ met: false, detail: 'Now in production: stages only move forward.' });
  });

  it('refuses an unknown version, a stage that is not a target, and a token without the read scope', async () => {
    await expect(async () => await liveGate(ds, 'no-such-version', 'production')).rejects.toThrow(NotFound);
    expect(ZGateQuery.safeParse({ stage: 'development' }).success).toBe(false);
    expect(ZGateQuery.safeParse({}).success).toBe(false);
    await expect(async () => await liveGate({ ...ds, type: 'token', tokenId: 't', scopes: ['promote'] }, 'x', 'production')).rejects.toThrow(Forbidden);
  });
});

describe('a signer whose role goes while they sign', () => {
  it('signs nothing: the role is read again in the signing transaction, not taken from the start of the request', async () => {
    const version = await stagedVersion();
    const request = await requestPromotion(ds, { modelVersionId: version.id, targetStage: 'production', justification: 'The pipeline evidence is complete.' });
    const leaving = await makeActor(['risk_officer']);
    // An administrator takes the role (or a reset suspends it) after this request read the signer's roles.
    await unguardedWriter().delete(userRoles).where(eq(userRoles.userId, leaving.userId));
    await expect(signRequest(leaving, ZSignRequestInput.parse({ requestId: request.id, role: 'risk_officer', decision: 'approve', comment: '', password: 'correct horse battery staple', snapshotSha256: request.snapshotSha256 })))
      .rejects.toThrow(/roles changed while you were signing/);
    expect(await verdict(ds, { sha256: version.digest })).toMatchObject({ approved: false });
  });
});
