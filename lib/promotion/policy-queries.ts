import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import { first, getDb, type Db, type Tx } from '@/db';
import { promotionPolicies, users, type PromotionTarget, type RiskTier } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';

/** The policy in force for a tier and target stage: the highest version. */
export async function currentPolicy(db: Db | Tx, riskTier: RiskTier, targetStage: PromotionTarget) {
  return first(await db
    .select()
    .from(promotionPolicies)
    .where(and(eq(promotionPolicies.riskTier, riskTier), eq(promotionPolicies.targetStage, targetStage)))
    .orderBy(desc(promotionPolicies.version))
    .limit(1));
}

/** Every version of every policy, newest first, with who made it. */
export async function listPolicies(actor: Actor) {
  assertCan(actor, 'inventory.read');
  return await getDb()
    .select({ policy: promotionPolicies, author: users.name })
    .from(promotionPolicies)
    .leftJoin(users, eq(users.id, promotionPolicies.createdById))
    .orderBy(promotionPolicies.riskTier, promotionPolicies.targetStage, desc(promotionPolicies.version));
}
