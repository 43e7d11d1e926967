import 'server-only';
import { and, asc, count, desc, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { rawArrays } from '@/db/raw';
import { ACTIVE_FINDING_STATUSES, FINDING_SUBJECTS, findings, SEVERITIES, findingWaivers, users, type FindingStatus, type FindingSubject, type Severity } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { nocase } from '@/lib/db-helpers';
import { findingRef } from './raise-finding';
import type { ListFindingsQuery } from './schemas';
import { NotFound } from '@/lib/errors';
import { assignableWhere } from './finding-records';
import { resolveFindingSubject } from './finding-subject';
import { segmentedPage, segmentsFor } from './segmented-page';
import { subjectLabels } from './subject-labels';

export type SubjectFinding = {
  id: string;
  number: number;
  title: string;
  severity: Severity;
  status: FindingStatus;
  subjectType: FindingSubject;
  subjectId: string;
  dueDate: string;
  /** For an accepted finding: when its current waiver expires and who signed it (null if it has none left). */
  waiverExpiresAt: string | null;
  waiverSignedBy: string | null;
};
type FindingTuple = [id: string, number: number | string, title: string, severity: Severity, status: FindingStatus, subjectType: FindingSubject, subjectId: string, dueDate: string, waiverExpiresAt: string | null, waiverSignedBy: string | null];

/**
 * The findings that still matter for these model and dataset versions: active ones, and accepted ones with their
 * current waiver's expiry (a waiver past its expiry that the sweep has not ended yet still counts as expired). One
 * statement per kind of subject, each on the subject index: as one statement with an OR of the two, SQLite read every
 * critical and high finding through the severity index instead (14 ms rather than 1 at 100,000 findings).
 */
export async function activeFindingsFor(ids: { modelVersionIds: string[]; datasetVersionIds: string[]; severities?: Severity[] }): Promise<SubjectFinding[]> {
  // Read as arrays: a gate reads hundreds of these per version, and mapping each row to an object cost as much as the read.
  const ofSubjects = async (subjectType: 'model_version' | 'dataset_version', subjectIds: string[]) =>
    (await rawArrays<FindingTuple>(sql`SELECT ${findings.id}, ${findings.number}, ${findings.title}, ${findings.severity}, ${findings.status}, ${findings.subjectType}, ${findings.subjectId}, ${findings.dueDate}, ${findingWaivers.expiresAt}, ${findingWaivers.printedName}
      FROM ${findings} LEFT JOIN ${findingWaivers} ON ${and(eq(findingWaivers.findingId, findings.id), isNull(findingWaivers.endedAt), eq(findings.status, 'accepted'))}
      WHERE ${and(eq(findings.subjectType, subjectType), inArray(findings.subjectId, subjectIds), inArray(findings.status, [...ACTIVE_FINDING_STATUSES, 'accepted']), ids.severities ? inArray(findings.severity, ids.severities) : undefined)}`)).map(
      ([id, number, title, severity, status, type, subjectId, dueDate, waiverExpiresAt, waiverSignedBy]): SubjectFinding => ({ id, number: Number(number), title, severity, status, subjectType: type, subjectId, dueDate, waiverExpiresAt, waiverSignedBy }),
    );
  const found = [
    ...(ids.modelVersionIds.length > 0 ? await ofSubjects('model_version', ids.modelVersionIds) : []),
    ...(ids.datasetVersionIds.length > 0 ? await ofSubjects('dataset_version', ids.datasetVersionIds) : []),
  ];
  return found.sort((a, b) => a.number - b.number);
}

const ACTIVE_SQL = sql.raw(`('${ACTIVE_FINDING_STATUSES.join("', '")}')`);
/** Most severe first, in SQL: so that a bounded list keeps the most severe. */
export const SEVERITY_RANK = sql`CASE ${findings.severity} WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END`;

/** Whole days a due date lies behind today (UTC); 0 or less is not overdue. */
export function daysOverdue(dueDate: string, now: Date) {
  return Math.floor((Date.parse(now.toISOString().slice(0, 10)) - Date.parse(dueDate)) / 86_400_000);
}

function findingsWhere(actor: Actor, query: ListFindingsQuery, today: string): SQL | undefined {
  const status = query.status === 'active' ? inArray(findings.status, ACTIVE_FINDING_STATUSES) : query.status === 'all' ? undefined : eq(findings.status, query.status);
  // Unless an owner, system, subject or type narrows the list (their own indexes are then better), naming every
  // severity lets the planner use the (severity, status, due_date) index.
  const narrow = Boolean(query.ownerId || query.systemId || query.subjectId || query.subjectType || query.type);
  const overdue = query.overdue === 'true' ? and(inArray(findings.status, ACTIVE_FINDING_STATUSES), lt(findings.dueDate, today)) : query.overdue === 'false' ? sql`NOT (${findings.status} IN ${ACTIVE_SQL} AND ${findings.dueDate} < ${today})` : undefined;
  return and(
    status,
    overdue,
    query.severity ? eq(findings.severity, query.severity) : narrow ? undefined : inArray(findings.severity, SEVERITIES),
    query.type ? eq(findings.type, query.type) : undefined,
    query.subjectType ? eq(findings.subjectType, query.subjectType) : undefined,
    query.subjectId ? eq(findings.subjectId, query.subjectId) : undefined,
    query.systemId ? eq(findings.systemId, query.systemId) : undefined,
    query.ownerId ? eq(findings.ownerId, query.ownerId === 'me' ? actor.userId : query.ownerId) : undefined,
  );
}

function findingsOrder(query: ListFindingsQuery, today: string) {
  const rowid = sql`${findings}.rowid`;
  if (query.sort === 'due') return [asc(findings.dueDate), asc(rowid)];
  if (query.sort === 'severity') return [asc(SEVERITY_RANK), asc(findings.dueDate), asc(rowid)];
  if (query.sort === 'raised') return [desc(findings.createdAt), desc(rowid)];
  if (query.sort === 'number') return [desc(rowid)];
  const overdueFirst = sql`CASE WHEN ${findings.status} IN ${ACTIVE_SQL} AND ${findings.dueDate} < ${today} THEN 0 ELSE 1 END`;
  return [asc(overdueFirst), asc(SEVERITY_RANK), asc(findings.dueDate), asc(rowid)];
}

/** One page of findings with the filters, overdue first by default; the subjects of the page only are looked up. */
export async function listFindings(actor: Actor, query: ListFindingsQuery, now = new Date()) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const today = now.toISOString().slice(0, 10);
  const where = findingsWhere(actor, query, today);
  // The page's row ids first (rowid breaks ties as `number` does: both grow with each insert), through the index
  // ranges of segmented-page.ts when no narrowing filter applies; then the page's rows themselves.
  const segments = segmentsFor(query, today);
  const window = { limit: query.pageSize, offset: (query.page - 1) * query.pageSize };
  const { rowids: page, total } = segments
    ? await segmentedPage(segments, window)
    : {
        rowids: (await db.select({ rowid: sql<number>`${findings}.rowid`.mapWith(Number) }).from(findings).where(where).orderBy(...findingsOrder(query, today)).limit(window.limit).offset(window.offset)).map((r) => r.rowid),
        total: first(await db.select({ n: count() }).from(findings).where(where).limit(1))?.n ?? 0,
      };
  const fetched = page.length === 0 ? [] : await db
    .select({
      rowid: sql<number>`${findings}.rowid`.mapWith(Number),
      id: findings.id,
      number: findings.number,
      type: findings.type,
      severity: findings.severity,
      status: findings.status,
      title: findings.title,
      subjectType: findings.subjectType,
      subjectId: findings.subjectId,
      systemId: findings.systemId,
      ownerId: findings.ownerId,
      ownerName: users.name,
      ownerEmail: users.email,
      dueDate: findings.dueDate,
      source: findings.source,
      occurrences: findings.occurrences,
      createdAt: findings.createdAt,
    })
    .from(findings)
    .innerJoin(users, eq(users.id, findings.ownerId))
    .where(inArray(sql`${findings}.rowid`, page));
  const byRowid = new Map(fetched.map((row) => [row.rowid, row]));
  const rows = page.map((rowid) => byRowid.get(rowid)!);
  const subjectOf = await subjectLabels(db, rows);
  const items = rows.map(({ rowid: _rowid, ...row }) => {
    const active = (ACTIVE_FINDING_STATUSES as readonly string[]).includes(row.status);
    const late = active ? daysOverdue(row.dueDate, now) : 0;
    return { ...row, ref: findingRef(row.number), subject: subjectOf(row), overdueDays: late > 0 ? late : null };
  });
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/** Findings on one subject (or every finding of a system), still-active first: the section on version and system pages. */
export async function subjectFindings(actor: Actor, where: { subjectType: FindingSubject; subjectId: string } | { systemId: string }, limit = 10) {
  const filter = 'systemId' in where ? { systemId: where.systemId } : { subjectType: where.subjectType, subjectId: where.subjectId };
  return await listFindings(actor, { page: 1, pageSize: limit, status: 'all', sort: 'priority', ...filter });
}

/** People a finding can be assigned to (and filtered by): active users who can work it, by name. */
export async function assignableUsers(actor: Actor) {
  assertCan(actor, 'inventory.read');
  return await getDb().select({ id: users.id, name: users.name }).from(users).where(assignableWhere).orderBy(asc(nocase(users.name)), asc(users.id));
}

/** The subject a "Raise a finding" link names, for the form to show; null when the link names nothing that exists. */
export async function prefilledSubject(actor: Actor, subjectType: string | undefined, subjectId: string | undefined) {
  assertCan(actor, 'inventory.read');
  if (!subjectId || !(FINDING_SUBJECTS as readonly string[]).includes(subjectType ?? '')) return null;
  try {
    const subject = await resolveFindingSubject(getDb(), subjectType as FindingSubject, subjectId);
    return { subjectType: subject.subjectType, subjectId: subject.subjectId, label: subject.label };
  } catch (error) {
    if (error instanceof NotFound) return null;
    throw error;
  }
}
