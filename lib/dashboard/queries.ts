import 'server-only';
import { count, ne } from 'drizzle-orm';
import { getDb } from '@/db';
import { aiSystems, LIFECYCLE_STATUSES, RISK_TIERS } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';

/** The inventory at a glance, for the charts: systems not retired by risk tier (a planned one counts: a prohibited plan is worth seeing), and all systems by lifecycle status. */
export async function dashboardOverview(actor: Actor) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const byTier = await db.select({ key: aiSystems.riskTier, n: count() }).from(aiSystems).where(ne(aiSystems.lifecycleStatus, 'retired')).groupBy(aiSystems.riskTier);
  const byStatus = await db.select({ key: aiSystems.lifecycleStatus, n: count() }).from(aiSystems).groupBy(aiSystems.lifecycleStatus);
  const tally = <K extends string>(keys: readonly K[], rows: { key: K; n: number }[]) =>
    keys.map((key) => ({ key, count: rows.find((r) => r.key === key)?.n ?? 0 }));
  return { byTier: tally(RISK_TIERS, byTier), byStatus: tally(LIFECYCLE_STATUSES, byStatus) };
}
