import { createHash } from 'node:crypto';
import { withTransaction } from '@/db';
import type { RiskTier } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { raiseFindingInTx, type RaiseFindingInput } from '@/lib/findings/raise-finding';
import { createDataset } from '@/lib/inventory/create-dataset';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { recordRun } from '@/lib/lineage/record-run';
import { requestPromotion } from '@/lib/promotion/request-promotion';
import { ZSignRequestInput } from '@/lib/promotion/schemas';
import { signRequest } from '@/lib/promotion/sign-request';
import { allowUnscannedArtifacts } from '@/lib/promotion/test-artifacts';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';

/**
 * Test support (never imported by the app): people, a system with a model, versions with the evidence the tier's
 * production policy asks, promotions signed as in the browser, and lineage from dataset versions to model versions.
 */
export const PASSWORD = 'correct horse battery staple';
let counter = 0;
const unique = () => `${Date.now().toString(36)}-${++counter}`;

export async function oversightWorld(riskTier: Exclude<RiskTier, 'prohibited'> = 'minimal') {
  await ensureDefaultPolicies(systemActor('test'));
  await allowUnscannedArtifacts();
  const [ds, ro, ro2, admin, auditor] = await Promise.all([makeActor(['data_scientist']), makeActor(['risk_officer']), makeActor(['risk_officer']), makeActor(['admin']), makeActor(['auditor'])]);
  return { ds, ro, ro2, admin, auditor, riskTier };
}
export type World = Awaited<ReturnType<typeof oversightWorld>>;

export async function newSystemWithModel(world: World, name = `sys-${unique()}`) {
  const system = await makeSystem(world.ds, { name, riskTier: world.riskTier });
  const model = await createModel(world.ds, { systemId: system.id, name: `model-${unique()}` });
  return { system, model };
}

/** A development version whose declared bytes carry passing performance evidence (enough for minimal and limited tiers). */
export async function newVersion(world: World, modelId: string) {
  const label = unique();
  const digest = createHash('sha256').update(label).digest('hex');
  const version = await createModelVersion(world.ds, { modelId, version: `v-${label}`, artifactSha256: digest, format: 'safetensors' });
  for (const kind of ['performance', 'robustness'] as const) {
    await recordEvaluation(world.ds, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind, environment: 'staging', artifactSha256: digest, metrics: [{ name: 'auc', value: 0.9 }] }));
  }
  return version;
}

/** Requests and signs (risk officer, re-authenticated) a move to production; a rollback when asked. */
export async function promote(world: World, versionId: string, rollback = false) {
  const request = await requestPromotion(world.ds, { modelVersionId: versionId, targetStage: 'production', rollback, justification: 'Evidence complete for this version.' });
  return signRequest(world.ro, ZSignRequestInput.parse({ requestId: request.id, role: 'risk_officer', decision: 'approve', password: PASSWORD, snapshotSha256: request.snapshotSha256 }));
}

export async function newDatasetVersion(world: World, datasetName = `ds-${unique()}`) {
  const dataset = await createDataset(world.ds, { namespace: 'test', name: datasetName });
  return { dataset, version: await createDatasetVersion(world.ds, dataset.id, { version: unique() }) };
}

/** A training run that read `datasetVersionId` and wrote `modelVersionId`. */
export async function trainedOn(world: World, modelVersionId: string, datasetVersionId: string) {
  return await recordRun(world.ds, { externalRunId: `run-${unique()}`, jobNamespace: 'test', jobName: 'train', inputDatasetVersionIds: [datasetVersionId], baseModelVersionIds: [], outputModelVersionIds: [modelVersionId], outputDatasetVersionIds: [] });
}

export async function raise(actor: Actor, input: Pick<RaiseFindingInput, 'severity' | 'subjectType' | 'subjectId'> & Partial<RaiseFindingInput>) {
  return await withTransaction(async (tx) => (await raiseFindingInTx(tx, actor, { type: 'validation_issue', title: 'Drift on amount', description: 'Found in a test.', source: 'manual', ...input })).finding);
}
