import 'server-only';
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { ACTIVE_FINDING_STATUSES, findings, findingWaivers, type FindingStatus, type FindingSubject, type Severity } from '@/db/schema';

export type SubjectFinding = {
  id: string;
  number: number;
  title: string;
  severity: Severity;
  status: FindingStatus;
  subjectType: FindingSubject;
  subjectId: string;
  dueDate: string;
  /** For an accepted finding: when its current waiver expires (null if it has none left). */
  waiverExpiresAt: string | null;
};

/**
 * The findings that still matter for these model and dataset versions: active ones, and accepted ones with their
 * current waiver's expiry (a waiver past its expiry that the sweep has not ended yet still counts as expired).
 */
export function activeFindingsFor(db: Db | Tx, ids: { modelVersionIds: string[]; datasetVersionIds: string[] }): SubjectFinding[] {
  const subjects = [
    ids.modelVersionIds.length > 0 ? and(eq(findings.subjectType, 'model_version'), inArray(findings.subjectId, ids.modelVersionIds)) : undefined,
    ids.datasetVersionIds.length > 0 ? and(eq(findings.subjectType, 'dataset_version'), inArray(findings.subjectId, ids.datasetVersionIds)) : undefined,
  ].filter((c) => c !== undefined);
  if (subjects.length === 0) return [];
  return db
    .select({
      id: findings.id,
      number: findings.number,
      title: findings.title,
      severity: findings.severity,
      status: findings.status,
      subjectType: findings.subjectType,
      subjectId: findings.subjectId,
      dueDate: findings.dueDate,
      waiverExpiresAt: findingWaivers.expiresAt,
    })
    .from(findings)
    .leftJoin(findingWaivers, and(eq(findingWaivers.findingId, findings.id), isNull(findingWaivers.endedAt), eq(findings.status, 'accepted')))
    .where(and(or(...subjects), inArray(findings.status, [...ACTIVE_FINDING_STATUSES, 'accepted'])))
    .orderBy(findings.number)
    .all();
}
