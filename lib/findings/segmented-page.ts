import 'server-only';
import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { DIALECT } from '@/db/dialect';
import { rawArraysPlannedOnce, rawRows } from '@/db/raw';
import { ACTIVE_FINDING_STATUSES, FINDING_STATUSES, findings, SEVERITIES, type FindingStatus, type Severity } from '@/db/schema';
import type { ListFindingsQuery } from './schemas';

/** One contiguous range of the (severity, status, due_date) index. */
type Arm = { severity: Severity; status: FindingStatus; dueBefore?: string; dueFrom?: string };
/** Rows ordered by due date then rowid: the index ranges of its arms, merged. */
type Segment = Arm[];

const isActive = (status: FindingStatus) => (ACTIVE_FINDING_STATUSES as readonly string[]).includes(status);

/** The ranges of one severity, cut by the overdue filter: late active rows, or the rest. */
function arms(severity: Severity, statuses: readonly FindingStatus[], today: string, late: boolean | undefined): Arm[] {
  return statuses.flatMap((status): Arm[] => {
    if (!isActive(status)) return late === true ? [] : [{ severity, status }];
    if (late === true) return [{ severity, status, dueBefore: today }];
    if (late === false) return [{ severity, status, dueFrom: today }];
    return [{ severity, status }];
  });
}

/**
 * The list's order as a sequence of segments whose rows the index already holds in order, so no page ever sorts the
 * table: priority is (late critical, late high, … , then the rest by severity), each by due date. Null when another
 * filter narrows the list (its own index is then small enough to sort) or the order is by raise time.
 */
export function segmentsFor(query: ListFindingsQuery, today: string): Segment[] | null {
  if (query.ownerId || query.systemId || query.subjectId || query.type || query.subjectType) return null;
  if (query.sort !== 'priority' && query.sort !== 'severity' && query.sort !== 'due') return null;
  const statuses = query.status === 'all' ? FINDING_STATUSES : query.status === 'active' ? ACTIVE_FINDING_STATUSES : [query.status];
  const severities = query.severity ? [query.severity] : SEVERITIES;
  const late = query.overdue === undefined ? undefined : query.overdue === 'true';
  if (query.sort === 'due') return [severities.flatMap((s) => arms(s, statuses, today, late))];
  if (query.sort === 'severity') return severities.map((s) => arms(s, statuses, today, late));
  const lateFirst = late === false ? [] : severities.map((s) => arms(s, statuses.filter(isActive), today, true));
  const rest = late === true ? [] : severities.map((s) => arms(s, statuses, today, false));
  return [...lateFirst, ...rest].filter((segment) => segment.length > 0);
}

const armWhere = (arm: Arm) =>
  and(eq(findings.severity, arm.severity), eq(findings.status, arm.status), arm.dueBefore ? lt(findings.dueDate, arm.dueBefore) : undefined, arm.dueFrom ? gte(findings.dueDate, arm.dueFrom) : undefined);

/**
 * Counts of several conditions in one statement (each an index range when the condition is one), planned once per
 * connection: an index range's count has the same best plan whatever the values.
 */
export async function countEach(conditions: (SQL | undefined)[]): Promise<number[]> {
  if (conditions.length === 0) return [];
  const counts = sql.join(conditions.map((where, i) => sql`(SELECT count(*) FROM findings WHERE ${where}) AS ${sql.raw(`c${i}`)}`), sql`, `);
  const [row] = await rawArraysPlannedOnce<number[]>(sql`SELECT ${counts}`);
  return row!.map(Number);
}

/** Counts each arm on its index range (no table reads), then takes the page's rowids segment by segment. */
export async function segmentedPage(segments: Segment[], page: { limit: number; offset: number }) {
  const counts = await countEach(segments.flat().map(armWhere));
  let next = 0;
  const sizes = segments.map((segment) => segment.reduce((sum) => sum + counts[next++]!, 0));
  const rowids: number[] = [];
  let { limit, offset } = page;
  for (const [i, segment] of segments.entries()) {
    if (limit === 0) break;
    if (offset >= sizes[i]!) {
      offset -= sizes[i]!;
      continue;
    }
    // One arm per range, merged in (due_date, rowid) order. SQLite merges the arms off their indexes and stops at the
    // page's end; PostgreSQL sorts all the arms give (it does not merge-append them), so there each arm is first cut
    // to the rows the page could need, read in index order (a cut on SQLite would sort each arm instead).
    const needed = offset + limit;
    const union = sql.join(
      segment.map((arm, k) => {
        const rows = sql`SELECT rowid AS r, due_date AS d FROM findings WHERE ${armWhere(arm)}`;
        return DIALECT === 'postgresql' ? sql`SELECT r, d FROM (${rows} ORDER BY due_date, rowid LIMIT ${needed}) AS ${sql.identifier(`arm${k}`)}` : rows;
      }),
      sql` UNION ALL `,
    );
    const rows = await rawRows<{ r: number }>(sql`${union} ORDER BY d, r LIMIT ${limit} OFFSET ${offset}`);
    rowids.push(...rows.map((row) => Number(row.r)));
    limit -= rows.length;
    offset = 0;
  }
  return { rowids, total: sizes.reduce((a, b) => a + b, 0) };
}
