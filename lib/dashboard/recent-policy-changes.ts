import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { promotionPolicies, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';

/** The latest policy versions written (each edit is a new row), with who wrote them. */
export async function recentPolicyChanges(actor: Actor, limit = 5) {
  assertCan(actor, 'policy.manage');
  return await getDb()
    .select({ id: promotionPolicies.id, riskTier: promotionPolicies.riskTier, targetStage: promotionPolicies.targetStage, version: promotionPolicies.version, createdAt: promotionPolicies.createdAt, authorName: users.name, authorEmail: users.email })
    .from(promotionPolicies)
    .leftJoin(users, eq(users.id, promotionPolicies.createdById))
    .orderBy(desc(promotionPolicies.createdAt))
    .limit(limit);
}
