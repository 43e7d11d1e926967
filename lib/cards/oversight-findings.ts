import 'server-only';
import { and, asc, desc, eq, gte, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { alias } from 'drizzle-orm/sqlite-core';
import { ACTIVE_FINDING_STATUSES, findings, findingWaivers, SEVERITIES, users } from '@/db/schema';
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

const severityRank = (f: OversightFinding) => SEVERITIES.indexOf(f.severity);

/** Active findings (most severe, then soonest due), accepted ones, and those closed since `since` with their closure. */
export async function oversightFindings(db: Db, scope: OversightScope, since: string) {
  const active = (await readFindings(db, scope, inArray(findings.status, [...ACTIVE_FINDING_STATUSES]), [asc(findings.dueDate), asc(findings.number)]))
    .sort((a, b) => severityRank(a) - severityRank(b));
  const accepted = await readFindings(db, scope, eq(findings.status, 'accepted'), [asc(findings.dueDate), asc(findings.number)]);
  const recentlyClosed = await readFindings(db, scope, and(eq(findings.status, 'closed'), gte(findings.closedAt, since)), [desc(findings.closedAt), desc(findings.number)]);
  return { active, accepted, recentlyClosed };
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
