import 'server-only';
import { and, asc, count, desc, eq, isNotNull, lte, ne } from 'drizzle-orm';
import { getDb } from '@/db';
import { aiSystems, auditEvents, LIFECYCLE_STATUSES, RISK_TIERS, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can } from '@/lib/auth/permissions';

const REVIEW_HORIZON_DAYS = 30;

/** Everything the home page shows, in one call. */
export function dashboardOverview(actor: Actor, today = new Date()) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const byTier = db.select({ key: aiSystems.riskTier, n: count() }).from(aiSystems).where(ne(aiSystems.lifecycleStatus, 'retired')).groupBy(aiSystems.riskTier).all();
  const byStatus = db.select({ key: aiSystems.lifecycleStatus, n: count() }).from(aiSystems).groupBy(aiSystems.lifecycleStatus).all();
  const horizon = new Date(today.getTime() + REVIEW_HORIZON_DAYS * 86400000).toISOString().slice(0, 10);
  const reviewsDue = db
    .select({ id: aiSystems.id, name: aiSystems.name, riskTier: aiSystems.riskTier, nextReviewDate: aiSystems.nextReviewDate, ownerName: users.name })
    .from(aiSystems)
    .innerJoin(users, eq(users.id, aiSystems.ownerId))
    .where(and(isNotNull(aiSystems.nextReviewDate), lte(aiSystems.nextReviewDate, horizon), ne(aiSystems.lifecycleStatus, 'retired')))
    .orderBy(asc(aiSystems.nextReviewDate))
    .limit(8)
    .all();
  const latestEvents = can(actor, 'audit.read')
    ? db.select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(8).all()
    : null;
  const tally = <K extends string>(keys: readonly K[], rows: { key: K; n: number }[]) =>
    keys.map((key) => ({ key, count: rows.find((r) => r.key === key)?.n ?? 0 }));
  return {
    byTier: tally(RISK_TIERS, byTier),
    byStatus: tally(LIFECYCLE_STATUSES, byStatus),
    reviewsDue,
    today: today.toISOString().slice(0, 10),
    latestEvents,
  };
}
