import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { auditEvents, SEVERITIES, type Severity } from '@/db/schema';
import type { FindingRow } from './finding-records';


export type FindingHistory = {
  /** Everyone who has owned it: at raise time, after any reassignment, and now. */
  pastOwnerIds: ReadonlySet<string>;
  /** The worst severity it has ever had: lowering a severity never lowers what its closure needs. */
  highestSeverity: Severity;
};

/**
 * Read from the finding's own audit trail, so no reassignment or downgrade can launder who may close it and how:
 * every event about it, whatever its action (an owner changed beside a status is recorded as the status change),
 * both what it set and what it replaced.
 */
export async function findingHistory(db: Db | Tx, finding: Pick<FindingRow, 'id' | 'ownerId' | 'severity'>, events?: readonly { before: string | null; after: string | null }[]): Promise<FindingHistory> {
  // `events`: the finding's audit events when the caller read them already (its page does, for the timeline).
  const rows = events ?? await db
    .select({ before: auditEvents.before, after: auditEvents.after })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'finding'), eq(auditEvents.entityId, finding.id)));
  const pastOwnerIds = new Set([finding.ownerId]);
  let highest = SEVERITIES.indexOf(finding.severity);
  for (const fields of rows.flatMap(({ before, after }) => [before, after]).map(shapingFields)) {
    if (typeof fields.ownerId === 'string') pastOwnerIds.add(fields.ownerId);
    const rank = SEVERITIES.indexOf(fields.severity as Severity);
    if (rank >= 0 && rank < highest) highest = rank;
  }
  return { pastOwnerIds, highestSeverity: SEVERITIES[highest]! };
}

function shapingFields(json: string | null): { ownerId?: unknown; severity?: unknown } {
  const value: unknown = json ? JSON.parse(json) : null;
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}
