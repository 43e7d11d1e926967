import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { auditEvents, SEVERITIES, type Severity } from '@/db/schema';
import type { FindingRow } from './finding-records';

/** The audit events that set a finding's owner or severity: its raise, field edits and repeats of a known breach. */
const SHAPING_ACTIONS = ['finding.raised', 'finding.updated', 'finding.recurred'];

export type FindingHistory = {
  /** Everyone who has owned it: at raise time, after any reassignment, and now. */
  pastOwnerIds: ReadonlySet<string>;
  /** The worst severity it has ever had: lowering a severity never lowers what its closure needs. */
  highestSeverity: Severity;
};

/** Read from the finding's own audit trail, so no reassignment or downgrade can launder who may close it and how. */
export async function findingHistory(db: Db | Tx, finding: Pick<FindingRow, 'id' | 'ownerId' | 'severity'>): Promise<FindingHistory> {
  const rows = await db
    .select({ after: auditEvents.after })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'finding'), eq(auditEvents.entityId, finding.id), inArray(auditEvents.action, SHAPING_ACTIONS)));
  const pastOwnerIds = new Set([finding.ownerId]);
  let highest = SEVERITIES.indexOf(finding.severity);
  for (const { after } of rows) {
    const fields = after ? (JSON.parse(after) as { ownerId?: unknown; severity?: unknown }) : {};
    if (typeof fields.ownerId === 'string') pastOwnerIds.add(fields.ownerId);
    const rank = SEVERITIES.indexOf(fields.severity as Severity);
    if (rank >= 0 && rank < highest) highest = rank;
  }
  return { pastOwnerIds, highestSeverity: SEVERITIES[highest]! };
}
