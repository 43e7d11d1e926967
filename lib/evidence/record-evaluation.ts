import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { first, only, returnedRow, withTransaction, type Tx } from '@/db';
import { blobs, datasetVersions, evaluationAttachments, evaluationMetrics, evaluations } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict, Invalid, type FieldIssue } from '@/lib/errors';
import { assertSystemLive } from '@/lib/inventory/assert-system-live';
import { modelVersionWithOwners } from '@/lib/inventory/ownership';
import { assertMayRetract, evaluationWithOwners } from './evaluation-owners';
import { metricPassed } from './metric';
import type { RecordEvaluationInput } from './schemas';
import { mapInOrder } from '@/lib/map-in-order';
import { EARLIEST_CLAIMED_MESSAGE, isAheadOfClock, isBeforeRecords } from '@/lib/clock-skew';

function claimedTime(input: RecordEvaluationInput, receivedAt: Date) {
  if (!input.performedAt) return receivedAt.toISOString();
  const claimed = new Date(input.performedAt);
  if (isAheadOfClock(claimed, receivedAt)) {
    throw new Invalid('The evaluation cannot have run in the future; nothing was recorded.', [
      { path: 'performedAt', message: `Later than the server's clock (${receivedAt.toISOString()}) by more than five minutes.` },
    ]);
  }
  if (isBeforeRecords(claimed)) throw new Invalid('The evaluation cannot have run that long ago; nothing was recorded.', [{ path: 'performedAt', message: EARLIEST_CLAIMED_MESSAGE }]);
  return claimed.toISOString();
}

async function assertReferences(tx: Tx, input: RecordEvaluationInput) {
  const issues: FieldIssue[] = [];
  if (input.datasetVersionId && !first(await tx.select({ id: datasetVersions.id }).from(datasetVersions).where(eq(datasetVersions.id, input.datasetVersionId)).limit(1))) {
    issues.push({ path: 'datasetVersionId', message: 'No dataset version with this id.' });
  }
  const stored = new Set(
    input.attachments.length
      ? (await tx.select({ sha256: blobs.sha256 }).from(blobs).where(inArray(blobs.sha256, input.attachments.map((a) => a.sha256)))).map((b) => b.sha256)
      : [],
  );
  input.attachments.forEach((a, i) => {
    if (!stored.has(a.sha256)) issues.push({ path: `attachments.${i}.sha256`, message: 'Upload the file to /api/v1/artifacts first.' });
  });
  if (issues.length) throw new Invalid('Some references do not exist.', issues);
}

/** The replaced record: same version, still active, and its owner is the one replacing it. Conditional update. */
async function supersede(tx: Tx, actor: Actor, input: RecordEvaluationInput, newId: string, now: string) {
  const owners = await evaluationWithOwners(tx, input.supersedes!);
  assertMayRetract(actor, owners);
  const old = owners.evaluation;
  if (old.modelVersionId !== input.modelVersionId) throw new Invalid('The superseded record belongs to another model version.', [{ path: 'supersedes', message: 'Not evidence of this version.' }]);
  const statusReason = `Superseded by evaluation ${newId}.`;
  const row = returnedRow(await tx
    .update(evaluations)
    .set({ status: 'superseded', statusReason, statusChangedAt: now, statusChangedById: actor.userId, supersededById: newId })
    .where(and(eq(evaluations.id, old.id), eq(evaluations.status, 'active')))
    .returning());
  if (!row) throw new Conflict(`The record ${old.id} is already ${old.status}; only an active record can be superseded.`);
  await recordAudit(tx, actor, { action: 'evaluation.superseded', entityType: 'evaluation', entityId: old.id, before: { status: 'active' }, after: { status: 'superseded', statusReason, supersededById: newId, statusChangedAt: now } });
}

/**
 * Records evaluation evidence for a model version, bound to the digest it ran on. Pass or fail of each metric is
 * computed here; evidence for another digest is kept but never counts for this version. The server's receipt time
 * (createdAt) is authoritative; the claimed time may not lie in the future.
 */
export async function recordEvaluation(actor: Actor, input: RecordEvaluationInput) {
  const { version, model, ownerIds } = await modelVersionWithOwners(input.modelVersionId);
  assertCan(actor, 'evidence.record', { ownerIds });
  const receivedAt = new Date();
  const performedAt = claimedTime(input, receivedAt);
  return await withTransaction(async (tx) => {
    await assertSystemLive(tx, model.systemId, 'Evidence cannot be recorded');
    await assertReferences(tx, input);
    const { metrics, attachments, supersedes, ...fields } = input;
    const evaluation = only(await tx
      .insert(evaluations)
      .values({ ...fields, performedAt, createdAt: receivedAt.toISOString(), createdById: actor.userId })
      .returning());
    const metricRows = await mapInOrder(metrics, async (m) =>
      only(await tx.insert(evaluationMetrics).values({ ...m, evaluationId: evaluation.id, passed: metricPassed(m.value, m.threshold, m.comparator) }).returning()));
    const attachmentRows = await mapInOrder(attachments, async (a) =>
      only(await tx.insert(evaluationAttachments).values({ evaluationId: evaluation.id, blobSha256: a.sha256, fileName: a.fileName, mediaType: a.mediaType ?? 'application/octet-stream' }).returning()));
    const record = { ...evaluation, metrics: metricRows, attachments: attachmentRows, countsForVersion: evaluation.artifactSha256 === version.artifactSha256 };
    await recordAudit(tx, actor, { action: 'evaluation.recorded', entityType: 'evaluation', entityId: evaluation.id, after: record });
    if (supersedes) await supersede(tx, actor, input, evaluation.id, receivedAt.toISOString());
    return record;
  });
}
