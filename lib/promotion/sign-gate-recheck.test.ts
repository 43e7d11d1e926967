import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb } from '@/db';
import { auditEvents, modelVersions, promotionRequests } from '@/db/schema';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { recordRun } from '@/lib/lineage/record-run';
import { PASSWORD, newDatasetVersion, newSystemWithModel, newVersion, oversightWorld, raise, trainedOn, type World } from '@/lib/reviews/oversight-fixtures';
import { readSnapshot } from '@/lib/cards/read-snapshot';
import { requestPromotion } from './request-promotion';
import { requestStaleness } from './request-staleness';
import { ZSignRequestInput } from './schemas';
import { signRequest } from './sign-request';
import { buildSnapshot } from './snapshot';

let world: World;
beforeAll(async () => {
  world = await oversightWorld('minimal');
});

const DAY = 86_400_000;
const request = async (versionId: string) => await requestPromotion(world.ds, { modelVersionId: versionId, targetStage: 'staging', justification: 'Evidence complete for this version.' });
const sign = async (req: { id: string; snapshotSha256: string }, decision: 'approve' | 'reject', at = new Date()) =>
  await signRequest(world.ro, ZSignRequestInput.parse({ requestId: req.id, role: 'risk_officer', decision, password: PASSWORD, snapshotSha256: req.snapshotSha256, comment: decision === 'reject' ? 'The evidence is too old now.' : undefined }), at);
const stageOf = async (id: string) => first(await getDb().select({ stage: modelVersions.stage }).from(modelVersions).where(eq(modelVersions.id, id)).limit(1))?.stage;
const refusalsOf = async (requestId: string) => (await getDb().select({ after: auditEvents.after }).from(auditEvents).where(and(eq(auditEvents.entityId, requestId), eq(auditEvents.action, 'promotion.sign_failed')))).map((e) => JSON.parse(e.after!));

describe('an approval re-checks what the gate reads, not only the snapshot', () => {
  it('shows a finding two steps upstream on the card, so one raised after submission stops the signature', async () => {
    const { model } = await newSystemWithModel(world);
    const version = await newVersion(world, model.id);
    const { version: raw } = await newDatasetVersion(world, 'raw');
    const { version: clean } = await newDatasetVersion(world, 'clean');
    await recordRun(world.ds, { externalRunId: `prep-${version.id}`, jobNamespace: 'test', jobName: 'prepare', inputDatasetVersionIds: [raw.id], baseModelVersionIds: [], outputModelVersionIds: [], outputDatasetVersionIds: [clean.id] });
    await trainedOn(world, version.id, clean.id);
    const open = await request(version.id);
    const finding = await raise(world.ro, { severity: 'critical', subjectType: 'dataset_version', subjectId: raw.id, title: 'Personal data in the raw extract' });
    // The card names it (the gate reads it), so the submitted snapshot no longer matches the record.
    expect((await buildSnapshot(getDb(), version.id)).content.findings).toEqual([expect.objectContaining({ id: finding.id, subject: expect.objectContaining({ type: 'dataset_version', id: raw.id, label: expect.stringContaining('test/raw') }) })]);
    await expect(sign(open, 'approve')).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/the findings/) });
    expect(await stageOf(version.id)).toBe('development');
  });

  it('refuses an approval once the evidence has aged past the policy meanwhile, audited; a rejection still closes the request', async () => {
    const { model } = await newSystemWithModel(world);
    const digest = 'e'.repeat(63) + '1';
    const version = await createModelVersion(world.ds, { modelId: model.id, version: '1.0.0', artifactSha256: digest, format: 'safetensors' });
    // Run 179 days ago: within the policy's 180 days at submission; two days later, past them.
    await recordEvaluation(world.ds, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind: 'performance', environment: 'staging', artifactSha256: digest, performedAt: new Date(Date.now() - 179 * DAY).toISOString(), metrics: [{ name: 'auc', value: 0.9 }] }));
    const open = await request(version.id);
    const submitted = (await readSnapshot(getDb(), open.snapshotSha256)).content;
    expect(await requestStaleness(open, submitted)).toBeNull();
    const later = new Date(Date.now() + 2 * DAY);
    // The page says so before anyone tries: the record is as submitted, the gate fails that day.
    expect(await requestStaleness(open, submitted, getDb(), later)).toEqual({ changed: [], unmetNow: [expect.objectContaining({ id: 'evidence:performance', detail: expect.stringMatching(/Stale/) })] });
    await expect(sign(open, 'approve', later)).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/^Performance evidence.* no longer holds, so the version cannot move and nothing was signed\. .*Stale/) });
    expect(await stageOf(version.id)).toBe('development');
    expect(await refusalsOf(open.id)).toEqual([expect.objectContaining({ reason: 'gate', unmet: expect.arrayContaining([expect.stringMatching(/performance/)]) })]);
    expect((await sign(open, 'reject', later)).requestStatus).toBe('rejected');
    expect(first(await getDb().select({ status: promotionRequests.status }).from(promotionRequests).where(eq(promotionRequests.id, open.id)).limit(1))?.status).toBe('rejected');
  });

  it('still approves when the gate passes, the request itself being no other open request', async () => {
    const { model } = await newSystemWithModel(world);
    const version = await newVersion(world, model.id);
    const open = await request(version.id);
    expect((await sign(open, 'approve')).requestStatus).toBe('approved');
    expect(await stageOf(version.id)).toBe('staging');
  });
});
