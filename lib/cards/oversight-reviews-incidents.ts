import 'server-only';
import { and, asc, eq, gte, inArray, ne, or } from 'drizzle-orm';
import type { Db } from '@/db';
import { incidentActions, incidents, incidentSystems, users } from '@/db/schema';
import { deadlineSentence } from '@/lib/incidents/deadline';
import { incidentDeadline, incidentRef } from '@/lib/incidents/queries';
import { reviewState } from '@/lib/reviews/queries';
import { OVERSIGHT_LIST_LIMIT } from './oversight-findings';
import type { OversightIncident, OversightReview } from './oversight-schema';

/** The system's review state as the reviews module reads it: next date, overdue, what makes it due now, the last signed one. */
export async function oversightReview(db: Db, systemId: string, now: Date): Promise<OversightReview> {
  const { nextReviewDate, dueBy, overdue, dueNow, lastReview: last } = await reviewState(db, systemId, now);
  return {
    nextReviewDate,
    dueBy,
    overdue,
    dueNow: dueNow.slice(0, OVERSIGHT_LIST_LIMIT).map((t) => ({ reason: t.reason, detail: t.detail, since: t.createdAt })),
    last: last
      ? { kind: last.kind, outcome: last.outcome, conditions: last.conditions, signedBy: last.printedName, role: last.role, signedAt: last.signedAt, snapshotSha256: last.snapshotSha256, nextReviewDate: last.nextReviewDate }
      : null,
  };
}

/**
 * The serious incidents (Art. 73) affecting these systems: every one not closed, and those closed since `since`,
 * nearest deadline first, each with its reporting clock and timeline.
 */
export async function oversightIncidents(db: Db, systemIds: string[], since: string, now: Date): Promise<OversightIncident[]> {
  if (systemIds.length === 0) return [];
  const rows = (await db
    .selectDistinct({ i: incidents })
    .from(incidents)
    .innerJoin(incidentSystems, eq(incidentSystems.incidentId, incidents.id))
    .where(and(inArray(incidentSystems.systemId, systemIds), eq(incidents.serious, true), or(ne(incidents.status, 'closed'), gte(incidents.updatedAt, since))))
    .orderBy(asc(incidents.reportDeadline), asc(incidents.number))
    .limit(OVERSIGHT_LIST_LIMIT))
    .map((r) => r.i);
  const actions = rows.length
    ? await db
        .select({ incidentId: incidentActions.incidentId, at: incidentActions.at, actor: users.name, text: incidentActions.text })
        .from(incidentActions)
        .leftJoin(users, eq(users.id, incidentActions.actorId))
        .where(inArray(incidentActions.incidentId, rows.map((r) => r.id)))
        .orderBy(asc(incidentActions.at), asc(incidentActions.createdAt))
    : [];
  return rows.map((i) => {
    const clock = incidentDeadline(i, now);
    return {
      id: i.id, ref: incidentRef(i.number), title: i.title, severity: i.severity, serious: i.serious, category: i.category, status: i.status, awareAt: i.awareAt,
      reportDeadline: i.reportDeadline, daysLeft: i.reportedAt ? null : clock.daysLeft, overdue: clock.overdue, reportingStatus: deadlineSentence(i, clock), reportedAt: i.reportedAt, authorityReference: i.authorityReference,
      actions: actions.filter((a) => a.incidentId === i.id).map(({ at, actor, text }) => ({ at, actor, text })),
    };
  });
}
