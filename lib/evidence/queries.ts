import 'server-only';
import { evidenceCounts } from './evidence-counts';
import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { datasets, datasetVersions, evaluationAttachments, evaluationMetrics, evaluations, modelVersions } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { NotFound } from '@/lib/errors';

/**
 * A version's evidence in receipt order, newest first, each with its metrics, attachments, status, and whether it
 * counts: same digest (`countsForVersion`) and still active (`counts`). Retracted and superseded records stay listed.
 */
export async function listEvaluations(actor: Actor, modelVersionId: string) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const version = first(await db.select({ sha256: modelVersions.artifactSha256 }).from(modelVersions).where(eq(modelVersions.id, modelVersionId)).limit(1));
  if (!version) throw new NotFound('Model version');
  const rows = await db
    .select({ evaluation: evaluations, datasetName: datasets.name, datasetVersion: datasetVersions.version })
    .from(evaluations)
    .leftJoin(datasetVersions, eq(datasetVersions.id, evaluations.datasetVersionId))
    .leftJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(eq(evaluations.modelVersionId, modelVersionId))
    .orderBy(desc(evaluations.createdAt), desc(sql`${evaluations}.rowid`));
  const ids = rows.map((r) => r.evaluation.id);
  const metrics = ids.length ? await db.select().from(evaluationMetrics).where(inArray(evaluationMetrics.evaluationId, ids)).orderBy(asc(evaluationMetrics.name)) : [];
  const attachments = ids.length ? await db.select().from(evaluationAttachments).where(inArray(evaluationAttachments.evaluationId, ids)) : [];
  const items = rows.map(({ evaluation, datasetName, datasetVersion }) => ({
    ...evaluation,
    dataset: datasetName ? `${datasetName} @ ${datasetVersion}` : null,
    metrics: metrics.filter((m) => m.evaluationId === evaluation.id),
    attachments: attachments.filter((a) => a.evaluationId === evaluation.id),
    countsForVersion: evaluation.artifactSha256 === version.sha256,
    counts: evidenceCounts(evaluation, version.sha256),
  }));
  return { items, total: items.length };
}

export type EvaluationRecord = Awaited<ReturnType<typeof listEvaluations>>['items'][number];
