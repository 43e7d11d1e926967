import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, unguardedWriter, first as firstRow } from '@/db';
import { auditEvents, modelVersions, promotionRequests, signatures } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { Conflict, Invalid } from '@/lib/errors';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { updateSystem } from '@/lib/inventory/update-system';
import { makeActor, makeSystem, reauthenticatedNow } from '@/lib/testing';
import { archiveCause } from './archive-cause';
import { conditionsInForce } from './approval-conditions';
import { requestPromotion } from './request-promotion';
import { ZRequestPromotionInput, ZSignRequestInput } from './schemas';
import { commitSignature, signRequest } from './sign-request';
import { signatureMeaning } from './signature-words';
import { buildReviewSnapshot } from '@/lib/reviews/review-snapshot';
import { safetensorsBytes, uploadBytes } from './test-artifacts';
import { ensureDefaultPolicies } from './update-policy';

const PASSWORD = 'correct horse battery staple';
let ds: Actor;
let ro: Actor;
let ro2: Actor;
let sr: Actor;

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [ds, ro, ro2, sr] = await Promise.all([makeActor(['data_scientist']), makeActor(['risk_officer']), makeActor(['risk_officer']), makeActor(['security_reviewer'])]);
});

let counter = 0;
/** A development version with real, clean bytes and evidence of every kind the default policies ask for. */
async function version(modelId: string) {
  const digest = (await uploadBytes(ds, safetensorsBytes(`stage-machine-${++counter}`))).sha256;
  const v = await createModelVersion(ds, { modelId, version: `v${counter}`, artifactSha256: digest, format: 'safetensors' });
  for (const [kind, environment] of [['performance', 'staging'], ['performance', 'production'], ['robustness', 'staging'], ['fairness', 'staging'], ['red_team', 'staging']] as const) {
    await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: v.id, kind, environment, artifactSha256: digest, metrics: [{ name: 'auc', value: 0.9 }] }));
  }
  return v;
}
const request = async (versionId: string, targetStage: 'staging' | 'production', extra: Record<string, unknown> = {}) =>
  await requestPromotion(ds, ZRequestPromotionInput.parse({ modelVersionId: versionId, targetStage, justification: 'Evidence complete for this stage.', ...extra }));
const sign = (actor: Actor, r: { id: string; snapshotSha256: string }) =>
  signRequest(actor, ZSignRequestInput.parse({ requestId: r.id, role: actor.roles.includes('security_reviewer') ? 'security_reviewer' : 'risk_officer', decision: 'approve', comment: '', password: PASSWORD, snapshotSha256: r.snapshotSha256 }));
const stageOf = async (id: string) => firstRow(await getDb().select({ stage: modelVersions.stage }).from(modelVersions).where(eq(modelVersions.id, id)).limit(1))!.stage;
const requestRow = async (id: string) => firstRow(await getDb().select().from(promotionRequests).where(eq(promotionRequests.id, id)).limit(1))!;
const signaturesOf = async (id: string) => await getDb().select().from(signatures).where(eq(signatures.requestId, id));
const events = async (action: string, entityId: string) => await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, action as never), eq(auditEvents.entityId, entityId)));

describe('stages only move forward, through a live request', () => {
  it('remembers the stage a request was opened from', async () => {
    const model = await createModel(ds, { systemId: (await makeSystem(ds, { riskTier: 'high' })).id, name: 'from-stage' });
    const v = await version(model.id);
    expect((await request(v.id, 'staging')).fromStage).toBe('development');
  });

  it('takes a high-tier version to production only from staging, under the default policies', async () => {
    const model = await createModel(ds, { systemId: (await makeSystem(ds, { riskTier: 'high' })).id, name: 'staging-first' });
    const v = await version(model.id);
    await expect(request(v.id, 'production')).rejects.toThrow(/Comes from staging: Now in development: promote it to staging first/);
    expect(await getDb().select().from(promotionRequests).where(eq(promotionRequests.modelVersionId, v.id))).toHaveLength(0);
    await sign(ro, await request(v.id, 'staging'));
    const toProduction = await request(v.id, 'production');
    expect(toProduction.fromStage).toBe('staging');
    await sign(ro, toProduction);
    expect(await sign(sr, toProduction)).toMatchObject({ stageChange: { from: 'staging', to: 'production' } });
  });

  it('takes a high-tier version to production only once its system is documented for its users, under the default policies', async () => {
    const system = await makeSystem(ds, { riskTier: 'high', humanOversight: '', limitations: '   ' });
    const model = await createModel(ds, { systemId: system.id, name: 'undocumented' });
    const v = await version(model.id);
    // Staging asks for no documentation: the version runs beside production while its owners write it.
    await sign(ro, await request(v.id, 'staging'));
    await expect(request(v.id, 'production')).rejects.toThrow(/System documented for its users: Blank on the system: human oversight, limitations/);
    expect(await getDb().select().from(promotionRequests).where(and(eq(promotionRequests.modelVersionId, v.id), eq(promotionRequests.targetStage, 'production')))).toHaveLength(0);
    await updateSystem(ds, system.id, { humanOversight: 'A credit officer reviews every decline.', limitations: 'Not validated for thin credit files.' });
    expect((await request(v.id, 'production')).fromStage).toBe('staging');
  });

  it('signs an approval on conditions: stated in the signed meaning, kept with the signature, in force while the version runs', async () => {
    const system = await makeSystem(ds, { riskTier: 'limited' });
    const model = await createModel(ds, { systemId: system.id, name: 'conditional' });
    const v = await version(model.id);
    const toProduction = await request(v.id, 'production');
    const conditions = 'Monthly fairness runs filed as evidence until two quarters stay above 0.8.';
    // A rejection states its reasons in the comment; conditions belong to an approval.
    const reject = ZSignRequestInput.safeParse({ requestId: toProduction.id, role: 'risk_officer', decision: 'reject', comment: 'No.', conditions, password: PASSWORD, snapshotSha256: toProduction.snapshotSha256 });
    expect(reject.success ? [] : reject.error.issues.map((i) => i.path.join('.'))).toEqual(['conditions']);
    // The verb refuses it too, for a caller that never parsed the form, and signs nothing.
    await expect(commitSignature(ro, { requestId: toProduction.id, role: 'risk_officer', decision: 'reject', comment: 'No.', conditions, snapshotSha256: toProduction.snapshotSha256 }, new Date(), await reauthenticatedNow(ro))).rejects.toThrow(Invalid);
    expect(await signaturesOf(toProduction.id)).toEqual([]);
    // The dialog shows the sentence the server stores: one function words both.
    expect(signatureMeaning('reject', 'm', '1', 'production', 'risk_officer', conditions)).toBe('I reject the promotion of m 1 to production as Risk officer');
    const signed = await signRequest(ro, ZSignRequestInput.parse({ requestId: toProduction.id, role: 'risk_officer', decision: 'approve', comment: '', conditions: `  ${conditions}  `, password: PASSWORD, snapshotSha256: toProduction.snapshotSha256 }));
    expect(signed.signature).toMatchObject({ conditions, meaning: `I approve the promotion of conditional ${v.version} to production as Risk officer, on these conditions: ${conditions}` });
    expect(signed.stageChange).toMatchObject({ to: 'production' });
    const [audited] = await events('promotion.signed', toProduction.id);
    expect(JSON.parse(audited!.after!).signature.conditions).toBe(conditions);
    expect(await conditionsInForce(ro, system.id)).toEqual([expect.objectContaining({ requestId: toProduction.id, version: v.version, stage: 'production', conditions, printedName: ro.name })]);
    // The system's next periodic review signs them, to check they were met.
    expect((await buildReviewSnapshot(getDb(), system.id)).content.approvalConditions).toEqual([expect.objectContaining({ requestId: toProduction.id, stage: 'production', conditions, role: 'risk_officer' })]);
    // An unconditional approval states none.
    const plain = await makeSystem(ds, { riskTier: 'limited' });
    const other = await version((await createModel(ds, { systemId: plain.id, name: 'plain' })).id);
    // Nothing readable is no condition: a zero-width space does not make an approval conditional.
    const invisible = await request(other.id, 'production');
    const plainSigned = await signRequest(ro, ZSignRequestInput.parse({ requestId: invisible.id, role: 'risk_officer', decision: 'approve', comment: '', conditions: ' \u200b ', password: PASSWORD, snapshotSha256: invisible.snapshotSha256 }));
    expect(plainSigned.signature).toMatchObject({ conditions: '', meaning: expect.not.stringContaining('conditions') });
    expect(await conditionsInForce(ro, plain.id)).toEqual([]);
    expect((await buildReviewSnapshot(getDb(), plain.id)).content).not.toHaveProperty('approvalConditions');
  });

  it('supersedes the other open requests when a version moves, so a staging request cannot pull a production version back', async () => {
    // The limited tier's policy lets a version go to production straight from development; the high tier's does not.
    const model = await createModel(ds, { systemId: (await makeSystem(ds, { riskTier: 'limited' })).id, name: 'no-way-back' });
    const v = await version(model.id);
    const toStaging = await request(v.id, 'staging');
    const toProduction = await request(v.id, 'production');
    const done = await sign(ro, toProduction);
    expect(done).toMatchObject({ requestStatus: 'approved', stageChange: { from: 'development', to: 'production', superseded: [toStaging.id] } });
    expect(await requestRow(toStaging.id)).toMatchObject({ status: 'superseded' });
    const [superseded] = await events('promotion.superseded', toStaging.id);
    const [signed] = (await events('promotion.signed', toProduction.id)).slice(-1);
    expect(superseded).toBeDefined();
    // Written in the signing transaction: the very next event of the chain is the approving signature.
    expect(signed!.seq).toBe(superseded!.seq + 1);

    await expect(sign(ro2, toStaging)).rejects.toThrow(/superseded; it can no longer be signed/);
    expect(await stageOf(v.id)).toBe('production');
    expect(await signaturesOf(toStaging.id)).toHaveLength(0);
  });

  it('refuses to sign a request whose version left its stage without supersession (a 409 that changes nothing, audited), and keeps the signer free to sign later', async () => {
    const model = await createModel(ds, { systemId: (await makeSystem(ds, { riskTier: 'high' })).id, name: 'stale' });
    const v = await version(model.id);
    const toStaging = await request(v.id, 'staging');
    // A request opened before this rule existed, whose version moved on: only the conditional check stands in the way.
    await unguardedWriter().update(modelVersions).set({ stage: 'production' }).where(eq(modelVersions.id, v.id));
    const failures = (await events('promotion.sign_failed', toStaging.id)).length;
    const error = await sign(ro, toStaging).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Conflict);
    expect((error as Conflict).status).toBe(409);
    expect((error as Error).message).toMatch(/now in production, not in development/);
    expect(await stageOf(v.id)).toBe('production');
    expect(await signaturesOf(toStaging.id)).toHaveLength(0);
    expect((await requestRow(toStaging.id)).status).toBe('open');
    expect(await events('promotion.sign_failed', toStaging.id)).toHaveLength(failures + 1);

    await unguardedWriter().update(modelVersions).set({ stage: 'development' }).where(eq(modelVersions.id, v.id));
    expect(await sign(ro, toStaging)).toMatchObject({ requestStatus: 'approved', stageChange: { from: 'development', to: 'staging' } });
  });

  it('never signs a request whose recorded stage makes it a backward move (as the upgrade migration may have written)', async () => {
    const model = await createModel(ds, { systemId: (await makeSystem(ds, { riskTier: 'high' })).id, name: 'migrated-backward' });
    const v = await version(model.id);
    const toStaging = await request(v.id, 'staging');
    // An old staging request on a version that meanwhile reached production, stamped with the current stage.
    await unguardedWriter().update(modelVersions).set({ stage: 'production' }).where(eq(modelVersions.id, v.id));
    await unguardedWriter().update(promotionRequests).set({ fromStage: 'production' }).where(eq(promotionRequests.id, toStaging.id));
    await expect(sign(ro, toStaging)).rejects.toThrow(Conflict);
    expect(await stageOf(v.id)).toBe('production');
    expect(await signaturesOf(toStaging.id)).toHaveLength(0);
  });

  it('brings an archived version back only through an explicit rollback request the policy allows, audited as such', async () => {
    const model = await createModel(ds, { systemId: (await makeSystem(ds, { riskTier: 'minimal' })).id, name: 'rollback' });
    const first = await version(model.id);
    await sign(ro, await request(first.id, 'production'));
    const second = await version(model.id);
    const replacing = await request(second.id, 'production');
    await sign(ro, replacing);
    expect([await stageOf(first.id), await stageOf(second.id)]).toEqual(['archived', 'production']);
    // The version archived names the approval that archived it, at the same instant.
    expect(await archiveCause(ds, first.id)).toMatchObject({ kind: 'replaced', requestId: replacing.id, versionId: second.id, rollback: false });

    await expect(async () => await request(first.id, 'production')).rejects.toThrow(/Archived: only an explicit rollback request can bring it back/);
    await expect(async () => await request(first.id, 'staging', { rollback: true })).rejects.toThrow(/does not allow a rollback/);
    const third = await version(model.id);
    await expect(async () => await request(third.id, 'production', { rollback: true })).rejects.toThrow(/only an archived version can be rolled back to/);

    const rollback = await request(first.id, 'production', { rollback: true });
    expect(rollback).toMatchObject({ expeditedRollback: true, fromStage: 'archived' });
    expect(JSON.parse((await events('promotion.requested', rollback.id))[0]!.after!)).toMatchObject({ expeditedRollback: true, fromStage: 'archived' });
    expect(await sign(ro2, rollback)).toMatchObject({ stageChange: { from: 'archived', to: 'production', archived: [second.id] } });
    expect([await stageOf(first.id), await stageOf(second.id)]).toEqual(['production', 'archived']);
    expect(await archiveCause(ds, second.id)).toMatchObject({ kind: 'replaced', requestId: rollback.id, versionId: first.id, rollback: true });
    expect(await archiveCause(ds, first.id)).toBeNull();
  });

  it('refuses a rollback where the tier policy does not allow one', async () => {
    const model = await createModel(ds, { systemId: (await makeSystem(ds, { riskTier: 'high' })).id, name: 'no-rollback' });
    const throughStaging = async (v: { id: string }) => {
      await sign(ro, await request(v.id, 'staging'));
      const toProduction = await request(v.id, 'production');
      await sign(ro, toProduction);
      await sign(sr, toProduction);
    };
    const first = await version(model.id);
    await throughStaging(first);
    const second = await version(model.id);
    await throughStaging(second);
    expect(await stageOf(first.id)).toBe('archived');
    await expect(async () => await request(first.id, 'production', { rollback: true })).rejects.toThrow(/does not allow a rollback/);
  });
});
