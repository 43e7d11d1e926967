import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb, withTransaction } from '@/db';
import { aiSystems, auditEvents, deployments, evaluations } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { ownVersionsAtGate } from '@/lib/dashboard/own-versions-at-gate';
import { Forbidden } from '@/lib/errors';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { retractEvaluation } from '@/lib/evidence/retract-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { recordRun } from '@/lib/lineage/record-run';
import { reportDeployment } from '@/lib/lineage/report-deployment';
import { ZLineageCandidatesQuery, ZRecordRunInput } from '@/lib/lineage/schemas';
import { searchLineageCandidates } from '@/lib/lineage/search-candidates';
import { requestPromotion } from '@/lib/promotion/request-promotion';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
import { createModel } from './create-model';
import { createModelVersion } from './create-model-version';
import { listModelRows } from './model-list';
import { ZListModelRowsQuery } from './model-list-query';
import { transferSystem } from './transfer-system';
import { updateModel } from './update-model';
import { updateModelVersion } from './update-model-version';

let dana: Actor;
let sam: Actor;
let sara: Actor;
beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [dana, sam, sara] = await Promise.all([makeActor(['data_scientist'], 'dana'), makeActor(['data_scientist'], 'sam'), makeActor(['security_reviewer'], 'sara')]);
});

const evidence = (modelVersionId: string, artifactSha256: string, auc: number) =>
  ZRecordEvaluationInput.parse({ modelVersionId, kind: 'performance', environment: 'staging', artifactSha256, metrics: [{ name: 'auc', value: auc }] });

/** Dana registers a model, a version, evidence and a production endpoint, then gives the system to Sam. */
async function handedOver(name: string) {
  const system = await makeSystem(dana, { name });
  const model = await createModel(dana, { systemId: system.id, name: `${name} model` });
  const digest = Buffer.from(name).toString('hex').padEnd(64, '0').slice(0, 64);
  const version = await createModelVersion(dana, { modelId: model.id, version: '1.0.0', artifactSha256: digest });
  const danaEvidence = await recordEvaluation(dana, evidence(version.id, digest, 0.81));
  const saraEvidence = await recordEvaluation(sara, evidence(version.id, digest, 0.8));
  const endpoint = `https://${name.toLowerCase().replace(/\W+/g, '-')}.internal/predict`;
  const { deployment } = await reportDeployment(dana, { environment: 'production', endpoint, reportedSha256: digest });
  await transferSystem(dana, system.id, { ownerId: sam.userId, fromOwnerId: dana.userId, reason: 'Dana moves to the payments team.' });
  return { system, model, version, digest, danaEvidence, saraEvidence, endpoint, deployment };
}

describe('a model belongs to its system’s owner', () => {
  it('after a transfer, the person who registered the model has no say over it, its versions or their evidence; the new owner has', async () => {
    const { model, version, digest, danaEvidence } = await handedOver('Branch cash forecasting');
    const refused = [
      () => updateModel(dana, model.id, { description: 'Still mine?' }),
      () => createModelVersion(dana, { modelId: model.id, version: '1.1.0', artifactSha256: 'ab'.repeat(32) }),
      () => updateModelVersion(dana, version.id, { license: 'Still mine?' }),
      () => recordEvaluation(dana, evidence(version.id, digest, 0.99)),
      () => retractEvaluation(dana, danaEvidence.id, { reason: 'It made the gate harder for Sam.' }),
      () => requestPromotion(dana, { modelVersionId: version.id, targetStage: 'staging', justification: 'Evidence recorded for staging.' }),
      () => recordRun(dana, ZRecordRunInput.parse({ externalRunId: 'after-transfer', jobNamespace: 'airflow', jobName: 'retrain', outputModelVersionIds: [version.id] })),
    ];
    for (const attempt of refused) await expect(attempt()).rejects.toBeInstanceOf(Forbidden);
    await expect(retractEvaluation(dana, danaEvidence.id, { reason: 'x' })).rejects.toThrow('You recorded this evidence, but the model version is no longer yours');
    expect(first(await getDb().select({ status: evaluations.status }).from(evaluations).where(eq(evaluations.id, danaEvidence.id)).limit(1))!.status).toBe('active');

    expect((await updateModel(sam, model.id, { description: 'Sam’s team retrains it weekly.' })).description).toBe('Sam’s team retrains it weekly.');
    await createModelVersion(sam, { modelId: model.id, version: '1.1.0', artifactSha256: 'ab'.repeat(32) });
    // Dana's record stays hers to the end; Sam records newer evidence, and the latest received counts.
    await recordEvaluation(sam, evidence(version.id, digest, 0.82));
  });

  it('a request whose model changes hands while it waits for the write lock is refused, not filed by the former owner', async () => {
    const system = await makeSystem(dana, { name: 'Overdraft limits' });
    const model = await createModel(dana, { systemId: system.id, name: 'Overdraft limits model' });
    const version = await createModelVersion(dana, { modelId: model.id, version: '1.0.0', artifactSha256: 'cd'.repeat(32) });
    // Dana's ownership is read first; the change of hands is queued before her request's transaction.
    const request = requestPromotion(dana, { modelVersionId: version.id, targetStage: 'staging', justification: 'Evidence recorded for staging.' });
    await withTransaction(async (tx) => await tx.update(aiSystems).set({ ownerId: sam.userId }).where(eq(aiSystems.id, system.id)));
    await expect(request).rejects.toBeInstanceOf(Forbidden);
  });

  it('a security reviewer still retracts what they recorded, and the previous owner no longer supersedes it either', async () => {
    const { version, digest, saraEvidence } = await handedOver('Claims triage');
    await expect(recordEvaluation(dana, { ...evidence(version.id, digest, 0.9), supersedes: saraEvidence.id })).rejects.toBeInstanceOf(Forbidden);
    expect((await retractEvaluation(sara, saraEvidence.id, { reason: 'Scanned the wrong build.' })).status).toBe('retracted');
  });

  it('hands the endpoints the previous owner reported over to the new owner, in the transfer’s event and each endpoint’s own history', async () => {
    const { system, version, digest, endpoint, deployment } = await handedOver('Card fraud scoring');
    expect(first(await getDb().select({ reporterId: deployments.reporterId }).from(deployments).where(eq(deployments.id, deployment.id)).limit(1))!.reporterId).toBe(sam.userId);
    const event = first(await getDb().select().from(auditEvents).where(and(eq(auditEvents.entityId, system.id), eq(auditEvents.action, 'system.transferred'))).limit(1))!;
    expect(JSON.parse(event.after!).handedOverEndpoints).toEqual([{ id: deployment.id, environment: 'production', endpoint }]);
    const endpointEvent = first(await getDb().select().from(auditEvents).where(and(eq(auditEvents.entityId, deployment.id), eq(auditEvents.action, 'deployment.handed_over'))).limit(1))!;
    expect([JSON.parse(endpointEvent.before!), JSON.parse(endpointEvent.after!)]).toEqual([{ reporterId: dana.userId }, { reporterId: sam.userId, environment: 'production', endpoint, reason: 'The system Card fraud scoring changed owner: Dana moves to the payments team.' }]);
    await expect(reportDeployment(dana, { environment: 'production', endpoint, reportedSha256: digest, modelVersionId: version.id })).rejects.toBeInstanceOf(Forbidden);
    await expect(reportDeployment(dana, { environment: 'production', endpoint, reportedSha256: '9'.repeat(64) })).rejects.toBeInstanceOf(Forbidden);
    const replaced = await reportDeployment(sam, { environment: 'production', endpoint, reportedSha256: '8'.repeat(64) });
    expect(replaced.deployment.reporterId).toBe(sam.userId);
  });

  it('lists the model, its versions at the gate and its lineage candidates as the new owner’s, not the registrant’s', async () => {
    const { model, version } = await handedOver('Mortgage pricing');
    const mine = async (actor: Actor) => (await listModelRows(actor, ZListModelRowsQuery.parse({ owner: 'me', pageSize: 100 }))).items.map((m) => m.id);
    expect(await mine(sam)).toContain(model.id);
    expect(await mine(dana)).not.toContain(model.id);
    expect((await ownVersionsAtGate(sam, 100)).map((v) => v.id)).toContain(version.id);
    expect((await ownVersionsAtGate(dana, 100)).map((v) => v.id)).not.toContain(version.id);
    const candidates = async (actor: Actor) => (await searchLineageCandidates(actor, ZLineageCandidatesQuery.parse({ kind: 'model_version', side: 'output', q: 'Mortgage pricing' }))).items.map((c) => c.id);
    expect(await candidates(sam)).toContain(version.id);
    expect(await candidates(dana)).not.toContain(version.id);
  });
});
