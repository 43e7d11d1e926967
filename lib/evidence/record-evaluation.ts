import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import { getDb, type Tx } from '@/db';
import { blobs, datasetVersions, evaluationAttachments, evaluationMetrics, evaluations } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Invalid, type FieldIssue } from '@/lib/errors';
import { modelVersionWithOwners } from '@/lib/inventory/ownership';
import { metricPassed } from './metric';
import type { RecordEvaluationInput } from './schemas';

function assertReferences(tx: Tx, input: RecordEvaluationInput) {
  const issues: FieldIssue[] = [];
  if (input.datasetVersionId && !tx.select({ id: datasetVersions.id }).from(datasetVersions).where(eq(datasetVersions.id, input.datasetVersionId)).get()) {
    issues.push({ path: 'datasetVersionId', message: 'No dataset version with this id.' });
  }
  const stored = new Set(
    input.attachments.length
      ? tx.select({ sha256: blobs.sha256 }).from(blobs).where(inArray(blobs.sha256, input.attachments.map((a) => a.sha256))).all().map((b) => b.sha256)
      : [],
  );
  input.attachments.forEach((a, i) => {
    if (!stored.has(a.sha256)) issues.push({ path: `attachments.${i}.sha256`, message: 'Upload the file to /api/v1/artifacts first.' });
  });
  if (issues.length) throw new Invalid('Some references do not exist.', issues);
}

/**
 * Records evaluation evidence for a model version, bound to the digest it ran on. Pass or fail of each metric is
 * computed here; evidence for another digest is kept but never counts for this version.
 */
export function recordEvaluation(actor: Actor, input: RecordEvaluationInput) {
  const { version, ownerIds } = modelVersionWithOwners(input.modelVersionId);
  assertCan(actor, 'evidence.record', { ownerIds });
  return getDb().transaction(
    (tx) => {
      assertReferences(tx, input);
      const { metrics, attachments, ...fields } = input;
      const evaluation = tx
        .insert(evaluations)
        .values({ ...fields, performedAt: input.performedAt ? new Date(input.performedAt).toISOString() : new Date().toISOString(), createdById: actor.userId })
        .returning()
        .get();
      const metricRows = metrics.map((m) =>
        tx.insert(evaluationMetrics).values({ ...m, evaluationId: evaluation.id, passed: metricPassed(m.value, m.threshold, m.comparator) }).returning().get(),
      );
      const attachmentRows = attachments.map((a) =>
        tx.insert(evaluationAttachments).values({ evaluationId: evaluation.id, blobSha256: a.sha256, fileName: a.fileName, mediaType: a.mediaType ?? 'application/octet-stream' }).returning().get(),
      );
      const record = { ...evaluation, metrics: metricRows, attachments: attachmentRows, countsForVersion: evaluation.artifactSha256 === version.artifactSha256 };
      recordAudit(tx, actor, { action: 'evaluation.recorded', entityType: 'evaluation', entityId: evaluation.id, after: record });
      return record;
    },
    { behavior: 'immediate' },
  );
}
