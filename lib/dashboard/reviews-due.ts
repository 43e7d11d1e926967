import 'server-only';
import { and, asc, eq, isNotNull, lte, ne } from 'drizzle-orm';
import { getDb } from '@/db';
import { aiSystems, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';

export const REVIEW_HORIZON_DAYS = 30;

/** Systems in use whose next review falls within the horizon (overdue ones first), with their owner; `ownerId` narrows to one owner's. */
export function reviewsDue(actor: Actor, today = new Date(), { limit = 8, ownerId }: { limit?: number; ownerId?: string } = {}) {
  assertCan(actor, 'inventory.read');
  const horizon = new Date(today.getTime() + REVIEW_HORIZON_DAYS * 86400000).toISOString().slice(0, 10);
  return getDb()
    .select({ id: aiSystems.id, name: aiSystems.name, riskTier: aiSystems.riskTier, nextReviewDate: aiSystems.nextReviewDate, ownerName: users.name })
    .from(aiSystems)
    .innerJoin(users, eq(users.id, aiSystems.ownerId))
    .where(and(isNotNull(aiSystems.nextReviewDate), lte(aiSystems.nextReviewDate, horizon), ne(aiSystems.lifecycleStatus, 'retired'), ownerId ? eq(aiSystems.ownerId, ownerId) : undefined))
    .orderBy(asc(aiSystems.nextReviewDate))
    .limit(limit)
    .all();
}
