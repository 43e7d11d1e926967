import 'server-only';
import { and, asc, count, desc, eq, gte, inArray, isNull, or, type SQL } from 'drizzle-orm';
import { first, type Db } from '@/db';
import { alias } from 'drizzle-orm/sqlite-core';
import { ACTIVE_FINDING_STATUSES, findings, findingWaivers, users } from '@/db/schema';
import { SEVERITY_RANK } from '@/lib/findings/queries';
import { findingRef } from '@/lib/findings/raise-finding';
import type { OversightFinding, OversightWaiver } from './oversight-schema';

/** What the oversight covers: systems, model versions and dataset versions, each with the label the card prints. */
export type OversightScope = { systems: Map<string, string>; versions: Map<string, string>; datasets: Map<string, string> };

/** Each list on a card is bounded; the findings page has the rest. */
export const OVERSIGHT_LIST_LIMIT = 100;

const closer = alias(users, 'closer');

function subjectsOf(scope: OversightScope): SQL | undefined {
  const of = (type: 'system' | 'model_version' | 'dataset_version', ids: Map<string, string>) =>
    ids.size ? and(eq(findings.subjectType, type), inArray(findings.subjectId, [...ids.keys()])) : undefined;
  return or(of('system', scope.systems), of('model_version', scope.versions), of('dataset_version', scope.datasets));
}

function labelOf(scope: OversightScope, type: string, id: string) {
  return (type === 'system' ? scope.systems : type === 'model_version' ? scope.versions : scope.datasets).get(id) ?? id;
}

async function readFindings(db: Db, scope: OversightScope, where: SQL | undefined, order: SQL[]): Promise<OversightFinding[]> {
  const subjects = subjectsOf(scope);
  if (!subjects) return [];
  return (await db
    .select({ f: findings, owner: users.name, closedBy: closer.name, waiver: findingWaivers })
    .from(findings)
    .innerJoin(users, eq(users.id, findings.ownerId))
    .leftJoin(closer, eq(closer.id, findings.closedById))
    .leftJoin(findingWaivers, and(eq(findingWaivers.findingId, findings.id), isNull(findingWaivers.endedAt), eq(findings.status, 'accepted')))
    .where(and(subjects, where))
    .orderBy(...order)
    .limit(OVERSIGHT_LIST_LIMIT))
    .map(({ f, owner, closedBy, waiver: w }) => ({
      id: f.id, ref: findingRef(f.number), type: f.type, severity: f.severity, status: f.status, title: f.title,
      subject: { type: f.subjectType, id: f.subjectId, label: labelOf(scope, f.subjectType, f.subjectId) }, source: f.source, owner, dueDate: f.dueDate, raisedAt: f.createdAt,
      waiver: w ? { justification: w.justification, compensatingControls: w.compensatingControls, expiresAt: w.expiresAt, signedBy: w.printedName, role: w.role, signedAt: w.signedAt } : null,
      occurrences: f.occurrences, lastSeenAt: f.lastSeenAt,
      closure: f.closedAt ? { closedAt: f.closedAt, closedBy, evidence: f.closureEvidence, meaning: f.closureMeaning, role: f.closureRole } : null,
    }));
}

/** How many findings a group holds: its list's length, unless the list reached the limit and the rest must be counted. */
async function totalOf(db: Db, scope: OversightScope, where: SQL | undefined, listed: OversightFinding[]) {
  if (listed.length < OVERSIGHT_LIST_LIMIT) return listed.length;
  return first(await db.select({ n: count() }).from(findings).where(and(subjectsOf(scope), where)).limit(1))?.n ?? listed.length;
}

/**
 * Active findings (most severe, then soonest due), accepted ones, and those closed since `since` with their closure;
 * each list bounded, the most severe kept, with the number each group holds in all.
 */
export async function oversightFindings(db: Db, scope: OversightScope, since: string) {
  const groups = {
    active: { where: inArray(findings.status, [...ACTIVE_FINDING_STATUSES]), order: [asc(SEVERITY_RANK), asc(findings.dueDate), asc(findings.number)] },
    accepted: { where: eq(findings.status, 'accepted'), order: [asc(findings.dueDate), asc(findings.number)] },
    recentlyClosed: { where: and(eq(findings.status, 'closed'), gte(findings.closedAt, since)), order: [desc(findings.closedAt), desc(findings.number)] },
  };
  // One query after another: `db` may be a transaction's single connection.
  const active = await readFindings(db, scope, groups.active.where, groups.active.order);
  const accepted = await readFindings(db, scope, groups.accepted.where, groups.accepted.order);
  const recentlyClosed = await readFindings(db, scope, groups.recentlyClosed.where, groups.recentlyClosed.order);
  const totals = {
    active: await totalOf(db, scope, groups.active.where, active),
    accepted: await totalOf(db, scope, groups.accepted.where, accepted),
    recentlyClosed: await totalOf(db, scope, groups.recentlyClosed.where, recentlyClosed),
  };
  return { active, accepted, recentlyClosed, totals };
}

/** Waivers in force on the findings in scope, and those that ended since `since` (expired or closed with their finding). */
export async function oversightWaivers(db: Db, scope: OversightScope, since: string): Promise<OversightWaiver[]> {
  const subjects = subjectsOf(scope);
  if (!subjects) return [];
  return (await db
    .select({ w: findingWaivers, number: findings.number, title: findings.title })
    .from(findingWaivers)
    .innerJoin(findings, eq(findings.id, findingWaivers.findingId))
    .where(and(subjects, or(isNull(findingWaivers.endedAt), gte(findingWaivers.endedAt, since))))
    .orderBy(asc(findingWaivers.expiresAt), asc(findingWaivers.id))
    .limit(OVERSIGHT_LIST_LIMIT))
    .map(({ w, number, title }) => ({
      findingId: w.findingId, findingRef: findingRef(number), findingTitle: title, justification: w.justification, compensatingControls: w.compensatingControls,
      expiresAt: w.expiresAt, signedBy: w.printedName, role: w.role, meaning: w.meaning, signedAt: w.signedAt, endedAt: w.endedAt, endedReason: w.endedReason,
    }));
}
