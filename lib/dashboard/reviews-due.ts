import 'server-only';
import { and, eq, isNotNull, lte, ne, or, sql } from 'drizzle-orm';
import { getDb } from '@/db';
import { nocase } from '@/lib/db-helpers';
import { aiSystems, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { triggeredDueBy, openTriggers, reviewDueBy, reviewDueBySql, reviewStatusOf, statusRank } from '@/lib/reviews/queries';

export const REVIEW_HORIZON_DAYS = 30;

/**
 * Live systems whose review is overdue, due now (an unresolved trigger) or falls due within the horizon, in that
 * order, with their owner; `ownerId` narrows to one owner's.
 */
export async function reviewsDue(actor: Actor, today = new Date(), { limit = 8, ownerId }: { limit?: number; ownerId?: string } = {}) {
  assertCan(actor, 'inventory.read');
  const horizon = new Date(today.getTime() + REVIEW_HORIZON_DAYS * 86400000).toISOString().slice(0, 10);
  return (await getDb()
    .select({ id: aiSystems.id, name: aiSystems.name, riskTier: aiSystems.riskTier, nextReviewDate: aiSystems.nextReviewDate, ownerName: users.name, ownerEmail: users.email, openTriggers, triggeredDueBy })
    .from(aiSystems)
    .innerJoin(users, eq(users.id, aiSystems.ownerId))
    .where(and(or(and(isNotNull(aiSystems.nextReviewDate), lte(aiSystems.nextReviewDate, horizon)), sql`${openTriggers} > 0`), ne(aiSystems.lifecycleStatus, 'retired'), ownerId ? eq(aiSystems.ownerId, ownerId) : undefined))
    .orderBy(statusRank(today), reviewDueBySql, nocase(aiSystems.name), aiSystems.id)
    .limit(limit))
    .map((s) => ({ ...s, dueBy: reviewDueBy(s.nextReviewDate, s.triggeredDueBy), status: reviewStatusOf(s.nextReviewDate, s.triggeredDueBy, today) }));
}
