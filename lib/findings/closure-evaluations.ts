import 'server-only';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { datasetVersions, evaluations, models, modelVersions } from '@/db/schema';
import { formatDate } from '@/lib/format/date-time';
import { clipped } from '@/lib/http/well-formed';
import { humanize } from '@/lib/words';
import type { FindingRow } from './finding-records';

/** How many the close dialog offers, most recently received first. */
const OFFERED = 50;

/** The evaluations whose subject is the finding's, by its kind: see `assertEvaluation` in close-finding.ts. */
function aboutSubject(finding: Pick<FindingRow, 'subjectType' | 'subjectId'>): SQL {
  if (finding.subjectType === 'model_version') return eq(evaluations.modelVersionId, finding.subjectId);
  if (finding.subjectType === 'system') return eq(models.systemId, finding.subjectId);
  return sql`${datasetVersions.datasetId} = (SELECT dataset_id FROM dataset_versions WHERE id = ${finding.subjectId})`;
}

/**
 * The evaluations a risk officer may link as proof of a fix, for the close dialog to offer by name (the pages show
 * an evaluation's id shortened): active, run on their version's own bytes, and about the finding's subject.
 * Closing checks the chosen one again, with the reason when it no longer counts.
 */
export async function closureEvaluationOptions(db: Db, finding: Pick<FindingRow, 'subjectType' | 'subjectId'>) {
  const rows = await db
    .select({ id: evaluations.id, kind: evaluations.kind, environment: evaluations.environment, summary: evaluations.summary, receivedAt: evaluations.createdAt, model: models.name, version: modelVersions.version })
    .from(evaluations)
    .innerJoin(modelVersions, eq(modelVersions.id, evaluations.modelVersionId))
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .leftJoin(datasetVersions, eq(datasetVersions.id, evaluations.datasetVersionId))
    .where(and(eq(evaluations.status, 'active'), eq(evaluations.artifactSha256, modelVersions.artifactSha256), aboutSubject(finding)))
    .orderBy(desc(evaluations.createdAt), desc(evaluations.id))
    .limit(OFFERED);
  return rows.map((e) => ({
    value: e.id,
    label: `${humanize(e.kind)} (${e.environment}) · ${e.model} ${e.version} · received ${formatDate(e.receivedAt)}${e.summary ? ` · ${clipped(e.summary, 60)}` : ''} · ${e.id.slice(0, 8)}`,
  }));
}
