import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb, unguardedWriter } from '@/db';
import { aiSystems, auditEvents, modelVersions, promotionRequests } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { Conflict } from '@/lib/errors';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { retractEvaluation } from '@/lib/evidence/retract-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { archiveCause } from '@/lib/promotion/archive-cause';
import { liveGate } from '@/lib/promotion/queries';
import { requestPromotion } from '@/lib/promotion/request-promotion';
import { ZSignRequestInput } from '@/lib/promotion/schemas';
import { signRequest } from '@/lib/promotion/sign-request';
import { safetensorsBytes, uploadBytes } from '@/lib/promotion/test-artifacts';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
import { createDataset } from './create-dataset';
import { createDatasetVersion } from './create-dataset-version';
import { createModel } from './create-model';
import { createModelVersion } from './create-model-version';
import { archiveVersionsOfRetiredSystems } from './archive-retired-versions';
import { retireSystem } from './retire-system';
import { updateDataset } from './update-dataset';
import { updateModel } from './update-model';
import { updateModelVersion } from './update-model-version';

let ds: Actor;
let ro: Actor;
beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [ds, ro] = await Promise.all([makeActor(['data_scientist']), makeActor(['risk_officer'])]);
});

const auditCount = async () => first(await getDb().select({ n: count() }).from(auditEvents).limit(1))!.n;

describe('a retired system is read-only', () => {
  it('closes its open requests as superseded when retired, and refuses every change to its records with a 409 that writes nothing', async () => {
    const system = await makeSystem(ds, { riskTier: 'minimal', name: 'Claims triage' });
    const model = await createModel(ds, { systemId: system.id, name: 'triage' });
    const digest = (await uploadBytes(ds, safetensorsBytes('retired-system'))).sha256;
    const version = await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: digest, format: 'safetensors' });
    const evidence = await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind: 'performance', environment: 'staging', artifactSha256: digest, metrics: [{ name: 'auc', value: 0.9 }] }));
    const dataset = await createDataset(ds, { systemId: system.id, namespace: 's3://claims', name: 'triage-labels' });
    const open = await requestPromotion(ds, { modelVersionId: version.id, targetStage: 'staging', justification: 'Evidence recorded for staging.' });

    await retireSystem(ds, system.id, { reason: 'Replaced by the vendor platform.' });
    expect(first(await getDb().select().from(promotionRequests).where(eq(promotionRequests.id, open.id)).limit(1))!.status).toBe('superseded');
    const superseded = (await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, open.id))).at(-1)!;
    expect(superseded.action).toBe('promotion.superseded');
    expect(JSON.parse(superseded.after!).reason).toMatch(/system was retired/);

    const before = await auditCount();
    const refusals: [string, () => unknown][] = [
      ['new model', async () => await createModel(ds, { systemId: system.id, name: 'another' })],
      ['model edit', async () => await updateModel(ds, model.id, { description: 'Edited after retirement.' })],
      ['new version', async () => await createModelVersion(ds, { modelId: model.id, version: '2.0.0', artifactSha256: 'f'.repeat(64), format: 'onnx' })],
      ['version edit', async () => await updateModelVersion(ds, version.id, { license: 'MIT' })],
      ['new dataset', async () => await createDataset(ds, { systemId: system.id, namespace: 's3://claims', name: 'another' })],
      ['dataset edit', async () => await updateDataset(ds, dataset.id, { description: 'Edited after retirement.' })],
      ['dataset version', async () => await createDatasetVersion(ds, dataset.id, { version: '2026-01' })],
      ['evidence', async () => await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind: 'robustness', environment: 'staging', artifactSha256: digest }))],
      ['retraction', async () => await retractEvaluation(ds, evidence.id, { reason: 'Retracting after retirement.' })],
      ['promotion', async () => await requestPromotion(ds, { modelVersionId: version.id, targetStage: 'staging', justification: 'Evidence recorded for staging.' })],
    ];
    for (const [what, change] of refusals) {
      const error = await (async () => { try { await change(); } catch (e) { return e; } })();
      expect(error, what).toBeInstanceOf(Conflict);
      expect((error as Conflict).status, what).toBe(409);
      expect((error as Error).message, what).toMatch(/retired, so its records are read-only/);
    }
    await expect(signRequest(ro, ZSignRequestInput.parse({ requestId: open.id, role: 'risk_officer', decision: 'approve', comment: '', password: 'correct horse battery staple', snapshotSha256: open.snapshotSha256 }))).rejects.toThrow(/superseded/);
    expect(await auditCount()).toBe(before);
  });

  it('archives the versions approved to run, in the retirement event, and leaves the others where they are', async () => {
    const system = await makeSystem(ds, { riskTier: 'minimal', name: 'Branch footfall forecast' });
    const model = await createModel(ds, { systemId: system.id, name: 'footfall' });
    const digest = (await uploadBytes(ds, safetensorsBytes('retired-production'))).sha256;
    const running = await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: digest, format: 'safetensors' });
    const draft = await createModelVersion(ds, { modelId: model.id, version: '1.1.0', artifactSha256: 'e'.repeat(64), format: 'onnx' });
    await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: running.id, kind: 'performance', environment: 'staging', artifactSha256: digest, metrics: [{ name: 'mape', value: 0.08 }] }));
    const request = await requestPromotion(ds, { modelVersionId: running.id, targetStage: 'production', justification: 'Back-tested on two years of footfall.' });
    await signRequest(ro, ZSignRequestInput.parse({ requestId: request.id, role: 'risk_officer', decision: 'approve', comment: '', password: 'correct horse battery staple', snapshotSha256: request.snapshotSha256 }));
    const stageOf = async (id: string) => first(await getDb().select({ stage: modelVersions.stage }).from(modelVersions).where(eq(modelVersions.id, id)).limit(1))!.stage;
    expect(await stageOf(running.id)).toBe('production');

    const before = await auditCount();
    await retireSystem(ds, system.id, { reason: 'The branches closed.' });
    expect([await stageOf(running.id), await stageOf(draft.id)]).toEqual(['archived', 'development']);
    expect(await auditCount()).toBe(before + 1);
    const retired = (await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, system.id))).at(-1)!;
    expect(retired.action).toBe('system.retired');
    expect(JSON.parse(retired.after!).archived).toEqual([running.id]);
    expect(await archiveCause(ds, running.id)).toMatchObject({ kind: 'retired' });
    expect(await archiveCause(ds, draft.id)).toBeNull();
    // Its gate says so: the archived version is not offered a rollback the request would refuse.
    const gate = await liveGate(ds, running.id, 'production');
    expect(gate.rollback).toBe(true);
    expect(gate.gate.passed).toBe(false);
    expect(gate.gate.requirements.find((r) => r.id === 'retired')).toMatchObject({ met: false, label: 'System is in service' });
  });

  it('archives at start-up, once each, the approved versions of systems retired before retirement archived them', async () => {
    const system = await makeSystem(ds, { riskTier: 'minimal', name: 'Retired before the upgrade' });
    const model = await createModel(ds, { systemId: system.id, name: 'legacy' });
    const left = await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: 'c'.repeat(64), format: 'onnx' });
    // As an older release left it: retired, its version still in production.
    await unguardedWriter().update(modelVersions).set({ stage: 'production' }).where(eq(modelVersions.id, left.id));
    await unguardedWriter().update(aiSystems).set({ lifecycleStatus: 'retired', retiredAt: '2026-01-15T09:00:00.000Z' }).where(eq(aiSystems.id, system.id));
    const before = await auditCount();
    expect(await archiveVersionsOfRetiredSystems(systemActor('retirement'))).toBe(1);
    expect(first(await getDb().select({ stage: modelVersions.stage }).from(modelVersions).where(eq(modelVersions.id, left.id)).limit(1))!.stage).toBe('archived');
    const events = await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, left.id));
    expect(events.at(-1)).toMatchObject({ action: 'model_version.updated', actorType: 'system' });
    expect(JSON.parse(events.at(-1)!.after!)).toMatchObject({ stage: 'archived', reason: expect.stringContaining('retired on 2026-01-15') });
    expect(await auditCount()).toBe(before + 1);
    // A second start finds nothing left.
    expect(await archiveVersionsOfRetiredSystems(systemActor('retirement'))).toBe(0);
    expect(await auditCount()).toBe(before + 1);
  });

  it('keeps datasets without a system, or of a live system, writable', async () => {
    const loose = await createDataset(ds, { namespace: 's3://shared', name: 'reference' });
    expect((await updateDataset(ds, loose.id, { description: 'Still editable.' })).description).toBe('Still editable.');
  });
});
