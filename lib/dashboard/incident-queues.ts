import 'server-only';
import { and, asc, count, eq, isNotNull, isNull, lte, ne, sql } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { incidents, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { deadlineSentence, incidentDeadline } from '@/lib/incidents/deadline';
import { incidentRef } from '@/lib/incidents/queries';

const columns = {
  id: incidents.id,
  number: incidents.number,
  title: incidents.title,
  severity: incidents.severity,
  status: incidents.status,
  serious: incidents.serious,
  reportDeadline: incidents.reportDeadline,
  reportedAt: incidents.reportedAt,
  awareAt: incidents.awareAt,
  ownerName: users.name,
  ownerEmail: users.email,
};

type IncidentRow = { number: number; serious: boolean; reportDeadline: string | null; reportedAt: string | null };
/** The Art. 73 countdown of each incident, worked out once by the incidents' own deadline helper. */
const withClock = <R extends IncidentRow>(rows: R[], now: Date) =>
  rows.map((r) => {
    const clock = incidentDeadline(r, now);
    return { ...r, reference: incidentRef(r.number), clock, countdown: deadlineSentence(r, clock) };
  });

/** Incidents the person owns that are not closed: serious unreported ones first by deadline, then the latest. */
export async function ownOpenIncidents(actor: Actor, now: Date, limit = 8) {
  assertCan(actor, 'inventory.read');
  const rows = await getDb()
    .select(columns)
    .from(incidents)
    .innerJoin(users, eq(users.id, incidents.ownerId))
    .where(and(eq(incidents.ownerId, actor.userId), ne(incidents.status, 'closed')))
    .orderBy(sql`${incidents.reportedAt} IS NOT NULL`, sql`${incidents.reportDeadline} IS NULL`, asc(incidents.reportDeadline), sql`${incidents.awareAt} DESC`)
    .limit(limit);
  return withClock(rows, now);
}

/**
 * Serious incidents not yet reported to the authority, nearest deadline first (passed ones lead), on the
 * (status, report_deadline) index. `ownerId` narrows to one owner's; `dueBy` (an ISO time) to deadlines up to then.
 */
export async function seriousIncidentsDue(actor: Actor, now: Date, { ownerId, dueBy, limit = 8 }: { ownerId?: string; dueBy?: string; limit?: number } = {}) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const where = and(
    eq(incidents.status, 'open'),
    isNotNull(incidents.reportDeadline),
    isNull(incidents.reportedAt),
    dueBy ? lte(incidents.reportDeadline, dueBy) : undefined,
    ownerId ? eq(incidents.ownerId, ownerId) : undefined,
  );
  const rows = await db.select(columns).from(incidents).innerJoin(users, eq(users.id, incidents.ownerId)).where(where).orderBy(asc(incidents.reportDeadline)).limit(limit);
  const total = first(await db.select({ n: count() }).from(incidents).where(where).limit(1))?.n ?? 0;
  return { items: withClock(rows, now), total };
}

/** Incidents by status, and how many serious ones are past their reporting deadline unreported. */
export async function incidentCounts(actor: Actor, now: Date) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const byStatus = await db.select({ status: incidents.status, n: count() }).from(incidents).groupBy(incidents.status);
  const late = first(await db
    .select({ n: count() })
    .from(incidents)
    .where(and(eq(incidents.status, 'open'), isNotNull(incidents.reportDeadline), isNull(incidents.reportedAt), lte(incidents.reportDeadline, now.toISOString()))).limit(1))?.n ?? 0;
  return { byStatus, late, total: byStatus.reduce((sum, s) => sum + s.n, 0) };
}
