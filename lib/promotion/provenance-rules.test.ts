import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, withTransaction } from '@/db';
import { modelVersions } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createDataset } from '@/lib/inventory/create-dataset';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { recordRun } from '@/lib/lineage/record-run';
import { ZRecordRunInput } from '@/lib/lineage/schemas';
import { materialChanges } from '@/lib/reviews/trigger-policy-change';
import { makeActor, makeSystem } from '@/lib/testing';
import { gatesForVersion } from './gate-context';
import { changedRules } from './policy-changes';
import { currentPolicy } from './policy-queries';
import { ZPolicyRules, ZUpdatePolicyInput } from './policy-schemas';
import { ensureDefaultPolicies, updatePolicy } from './update-policy';

let owner: Actor;
let admin: Actor;
let systemId: string;
let modelId: string;
const DAY = 86400000;

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [owner, admin] = await Promise.all([makeActor(['data_scientist']), makeActor(['admin'])]);
  systemId = (await makeSystem(owner, { riskTier: 'high' })).id;
  modelId = (await createModel(owner, { systemId, name: 'provenance-model' })).id;
  for (const target of ['staging', 'production'] as const) {
    const { rules } = (await currentPolicy(getDb(), 'high', target))!;
    const extra = target === 'production' ? { requireTrainingLineage: true, minDaysInStaging: 14 } : { requireTrainingLineage: true };
    await updatePolicy(admin, { riskTier: 'high', targetStage: target, reason: 'Lineage and a soak period, asked by the model-risk committee.', rules: ZPolicyRules.parse({ ...rules, ...extra }) });
  }
});

const version = async (label: string) => (await createModelVersion(owner, { modelId, version: label, artifactSha256: 'a'.repeat(56) + Math.random().toString(16).slice(2, 10).padEnd(8, '0'), format: 'safetensors' })).id;
const requirement = async (versionId: string, target: 'staging' | 'production', id: string, now = new Date()) =>
  (await gatesForVersion(getDb(), versionId, [target], { now }))[0]!.gate.requirements.find((r) => r.id === id);

describe('a policy that requires the training data in the lineage', () => {
  it('fails a version with no dataset upstream, and passes it once a training run names its data', async () => {
    const versionId = await version('1.0.0');
    expect(await requirement(versionId, 'staging', 'lineage')).toMatchObject({ met: false, detail: expect.stringMatching(/^No dataset version is upstream/) });
    const dataset = await createDataset(owner, { systemId, namespace: 's3://provenance', name: 'applications' });
    const data = await createDatasetVersion(owner, dataset.id, { version: '2026-11' });
    await recordRun(owner, { ...ZRecordRunInput.parse({ externalRunId: `train-${versionId}`, jobNamespace: 'ml', jobName: 'train' }), inputDatasetVersionIds: [data.id], outputModelVersionIds: [versionId] });
    expect(await requirement(versionId, 'staging', 'lineage')).toMatchObject({ met: true, detail: '1 dataset version upstream in the lineage.' });
  });

  it('counts data upstream through a base model too (fine-tuning)', async () => {
    const base = await version('base-2.0');
    const tuned = await version('tuned-2.0');
    const dataset = await createDataset(owner, { systemId, namespace: 's3://provenance', name: 'pretraining' });
    const data = await createDatasetVersion(owner, dataset.id, { version: 'v1' });
    await recordRun(owner, { ...ZRecordRunInput.parse({ externalRunId: `pretrain-${base}`, jobNamespace: 'ml', jobName: 'pretrain' }), inputDatasetVersionIds: [data.id], outputModelVersionIds: [base] });
    await recordRun(owner, { ...ZRecordRunInput.parse({ externalRunId: `tune-${tuned}`, jobNamespace: 'ml', jobName: 'tune' }), baseModelVersionIds: [base], outputModelVersionIds: [tuned] });
    expect(await requirement(tuned, 'staging', 'lineage')).toMatchObject({ met: true });
  });
});

describe('a production policy that asks for days in staging first', () => {
  it('fails a version straight from development, and one in staging for fewer days; passes it after them', async () => {
    const versionId = await version('3.0.0');
    expect(await requirement(versionId, 'production', 'staging-time')).toMatchObject({ label: 'In staging for 14 days first', met: false, detail: 'Now in development: promote it to staging first.' });
    const since = new Date(Date.now() - 3 * DAY);
    // As a signed promotion to staging would leave it, three days ago.
    await withTransaction((tx) => tx.update(modelVersions).set({ stage: 'staging', stageChangedAt: since.toISOString() }).where(eq(modelVersions.id, versionId)));
    expect(await requirement(versionId, 'production', 'staging-time')).toMatchObject({ met: false, detail: expect.stringMatching(/\(3 days\): it may go to production from /) });
    expect(await requirement(versionId, 'production', 'staging-time', new Date(since.getTime() + 14 * DAY))).toMatchObject({ met: true });
  });

  it('is refused on a staging policy, which has no staging before it, and for fewer than 0 days', () => {
    const rules = { requiredEvidenceKinds: [], metricThresholds: [], maxEvidenceAgeDays: null, requiredApprovers: [{ role: 'risk_officer', count: 1 }], stagingProductionTolerance: null, allowExpeditedRollback: false };
    const parsed = ZUpdatePolicyInput.safeParse({ riskTier: 'high', targetStage: 'staging', reason: 'A soak before staging?', rules: { ...rules, minDaysInStaging: 3 } });
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: ['rules', 'minDaysInStaging'], message: 'Only a production policy can ask for time in staging.' })]);
    expect(ZUpdatePolicyInput.safeParse({ riskTier: 'high', targetStage: 'production', reason: 'A soak before production.', rules: { ...rules, minDaysInStaging: 3 } }).success).toBe(true);
    expect(ZPolicyRules.safeParse({ ...rules, minDaysInStaging: -1 }).success).toBe(false);
    expect(ZPolicyRules.safeParse({ ...rules, minDaysInStaging: 1.5 }).success).toBe(false);
    expect(ZPolicyRules.safeParse({ ...rules, requireTrainingLineage: 'yes' }).success).toBe(false);
  });
});

describe('the history and the periodic review', () => {
  const base = { requiredEvidenceKinds: ['performance'], metricThresholds: [], maxEvidenceAgeDays: null, requiredApprovers: [{ role: 'risk_officer', count: 1 }], stagingProductionTolerance: null, allowExpeditedRollback: false };
  it('name the two rules when they change; a lineage rule turned off reads as absent', () => {
    expect(changedRules(base, { ...base, requireTrainingLineage: true, minDaysInStaging: 7 })).toEqual(['training data in the lineage', 'time in staging']);
    expect(changedRules({ ...base, requireTrainingLineage: false }, base)).toEqual([]);
    // Production systems were validated without the lineage: asking for it now is material; a soak period is not (it only bears on promotions to come).
    expect(materialChanges(base, { ...base, requireTrainingLineage: true, minDaysInStaging: 7 })).toEqual(['training data in the lineage']);
    expect(materialChanges({ ...base, requireTrainingLineage: false }, base)).toEqual([]);
  });

  it('name the documentation rule, material to systems in production: they were validated without it', () => {
    expect(changedRules(base, { ...base, requireDocumentation: true })).toEqual(['system documentation']);
    expect(changedRules({ ...base, requireDocumentation: false }, base)).toEqual([]);
    expect(materialChanges(base, { ...base, requireDocumentation: true })).toEqual(['system documentation']);
    expect(ZPolicyRules.safeParse({ ...base, requireDocumentation: 'yes' }).success).toBe(false);
  });
});
