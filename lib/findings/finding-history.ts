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
  /** Who worked its remediation: wrote its plan, started it, or said it is ready for validation. They do not validate it. */
  remediatorIds: ReadonlySet<string>;
};

/** The events of people working a finding (its raising records every field, the plan too, but is no work on it). */
const WORK_ACTIONS = new Set(['finding.updated', 'finding.status_changed']);

/** Why someone who worked a finding's remediation does not close it, as fixed or as invalid: the verb's refusal and the page's note. */
export const WORKED_REMEDIATION = 'You worked its remediation (wrote its plan, or moved it into remediation or to validation): a risk officer who did not validates and closes it.';

/**
 * Read from the finding's own audit trail, so no reassignment or downgrade can launder who may close it and how:
 * every event about it, whatever its action (an owner changed beside a status is recorded as the status change),
 * both what it set and what it replaced.
 */
export async function findingHistory(db: Db | Tx, finding: Pick<FindingRow, 'id' | 'ownerId' | 'severity'>, events?: readonly { action: string; actorId: string | null; before: string | null; after: string | null }[]): Promise<FindingHistory> {
  // `events`: the finding's audit events when the caller read them already (its page does, for the timeline).
  const rows = events ?? await db
    .select({ action: auditEvents.action, actorId: auditEvents.actorId, before: auditEvents.before, after: auditEvents.after })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'finding'), eq(auditEvents.entityId, finding.id)));
  const pastOwnerIds = new Set([finding.ownerId]);
  const remediatorIds = new Set<string>();
  for (const { action, actorId, before, after } of rows) {
    if (!WORK_ACTIONS.has(action)) continue;
    const [was, set] = [shapingFields(before), shapingFields(after)];
    // Sending it back from validation is the validator's word, not remediation work.
    const claimsWork = set.remediationPlan !== undefined || set.status === 'ready_for_validation' || (set.status === 'in_remediation' && was.status !== 'ready_for_validation');
    if (actorId && claimsWork) remediatorIds.add(actorId);
  }
  let highest = SEVERITIES.indexOf(finding.severity);
  for (const fields of rows.flatMap(({ before, after }) => [before, after]).map(shapingFields)) {
    if (typeof fields.ownerId === 'string') pastOwnerIds.add(fields.ownerId);
    const rank = SEVERITIES.indexOf(fields.severity as Severity);
    if (rank >= 0 && rank < highest) highest = rank;
  }
  return { pastOwnerIds, highestSeverity: SEVERITIES[highest]!, remediatorIds };
}

function shapingFields(json: string | null): { ownerId?: unknown; severity?: unknown; remediationPlan?: unknown; status?: unknown } {
  const value: unknown = json ? JSON.parse(json) : null;
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}
