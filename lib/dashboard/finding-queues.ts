import 'server-only';
import { and, asc, count, eq, inArray, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { ACTIVE_FINDING_STATUSES, aiSystems, findings, findingWaivers, SEVERITIES, users, type Severity } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { mapInOrder } from '@/lib/map-in-order';

const SEVERE: Severity[] = ['critical', 'high'];
const SECURITY_TYPES = ['vulnerability', 'red_team_result'] as const;

// Names come from scalar subqueries, not joins: with a join, a planner that knows the users table is small walks it
// first and then sorts every matching finding, where the findings index alone would stop after LIMIT rows.
const columns = {
  id: findings.id,
  number: findings.number,
  title: findings.title,
  type: findings.type,
  severity: findings.severity,
  status: findings.status,
  dueDate: findings.dueDate,
  ownerName: sql<string>`(SELECT ${users.name} FROM ${users} WHERE ${users.id} = ${findings.ownerId})`,
  ownerEmail: sql<string>`(SELECT ${users.email} FROM ${users} WHERE ${users.id} = ${findings.ownerId})`,
  systemName: sql<string | null>`(SELECT ${aiSystems.name} FROM ${aiSystems} WHERE ${aiSystems.id} = ${findings.systemId})`,
};

/**
 * The `limit` findings due first among several slices, each an equality on an index that ends in due_date (owner +
 * status, severity + status, status): one LIMITed walk of the index per slice, merged here. A single query with
 * `status IN (...)` would sort every match in a temporary tree instead, which at 100,000 findings is the slow part.
 */
async function firstDue(slices: SQL[], limit: number, also?: SQL) {
  const db = getDb();
  const rows = (await mapInOrder(slices, async (slice) =>
    await db
      .select(columns)
      .from(findings)
      .where(and(slice, also))
      .orderBy(asc(findings.dueDate))
      .limit(limit),
  )).flat();
  return rows.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.number - b.number).slice(0, limit);
}
export type QueueFinding = Awaited<ReturnType<typeof firstDue>>[number];

const activeSlices = (scope?: SQL) => ACTIVE_FINDING_STATUSES.map((status) => and(scope, eq(findings.status, status))!);
const tally = async (where: SQL) => first(await getDb().select({ n: count() }).from(findings).where(where).limit(1))?.n ?? 0;

/**
 * The person's own active findings, overdue first then by due date; `dueBy` (YYYY-MM-DD) keeps those due by then.
 * `total` and `overdue` count all of them (the owner index covers both counts).
 */
export async function ownFindingsByDue(actor: Actor, today: string, { limit = 8, dueBy }: { limit?: number; dueBy?: string } = {}) {
  assertCan(actor, 'inventory.read');
  const mine = eq(findings.ownerId, actor.userId);
  const due = dueBy ? lte(findings.dueDate, dueBy) : undefined;
  const items = await firstDue(activeSlices(mine), limit, due);
  const active = and(mine, inArray(findings.status, ACTIVE_FINDING_STATUSES), due)!;
  return { items, total: await tally(active), overdue: await tally(and(active, lt(findings.dueDate, today))!) };
}

/** Findings their owners say are fixed: a risk officer validates and closes them. Oldest due first. */
export async function findingsToValidate(actor: Actor, limit = 8) {
  assertCan(actor, 'inventory.read');
  const ready = eq(findings.status, 'ready_for_validation');
  return { items: await firstDue([ready], limit), total: await tally(ready) };
}

/** Active critical and high findings (the ones that block gates), due first; counted on the severity index. */
export async function severeActiveFindings(actor: Actor, limit = 8) {
  assertCan(actor, 'inventory.read');
  const slices = SEVERE.flatMap((severity) => activeSlices(eq(findings.severity, severity)));
  return { items: await firstDue(slices, limit), total: await tally(and(inArray(findings.severity, SEVERE), inArray(findings.status, ACTIVE_FINDING_STATUSES))!) };
}

/** Active vulnerability and red-team findings, due first: the security reviewer's queue. */
export async function securityFindings(actor: Actor, limit = 8) {
  assertCan(actor, 'inventory.read');
  return { items: await firstDue(activeSlices(), limit, inArray(findings.type, SECURITY_TYPES)) };
}

/** Accepted risks whose waiver ends by `horizon` (YYYY-MM-DD), soonest first: renew, or the finding re-opens. */
export async function expiringWaivers(actor: Actor, horizon: string, limit = 8) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  // expires_at is a timestamp: everything up to the end of the horizon day counts.
  const current = and(isNull(findingWaivers.endedAt), lte(findingWaivers.expiresAt, `${horizon}T23:59:59.999Z`))!;
  const items = await db
    .select({ ...columns, waiverId: findingWaivers.id, expiresAt: findingWaivers.expiresAt, signedBy: findingWaivers.printedName })
    .from(findingWaivers)
    .innerJoin(findings, eq(findings.id, findingWaivers.findingId))
    .where(current)
    .orderBy(asc(findingWaivers.expiresAt))
    .limit(limit);
  const total = first(await db.select({ n: count() }).from(findingWaivers).where(current).limit(1))?.n ?? 0;
  return { items, total };
}

/** Every finding counted by severity and status (one grouped walk of the severity index), and the overdue active ones. */
export async function findingCounts(actor: Actor, today: string) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const cells = await db.select({ severity: findings.severity, status: findings.status, n: count() }).from(findings).groupBy(findings.severity, findings.status);
  const overdue = await db
    .select({ severity: findings.severity, n: count() })
    .from(findings)
    // Naming every severity lets the count walk the (severity, status, due_date) index alone, never the rows.
    .where(and(inArray(findings.severity, SEVERITIES), inArray(findings.status, ACTIVE_FINDING_STATUSES), lt(findings.dueDate, today)))
    .groupBy(findings.severity);
  return { cells, overdue, total: cells.reduce((sum, c) => sum + c.n, 0), overdueTotal: overdue.reduce((sum, c) => sum + c.n, 0) };
}
