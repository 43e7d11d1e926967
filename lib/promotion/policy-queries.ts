import 'server-only';
import { and, desc, eq, inArray, max } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb, type Db, type Tx } from '@/db';
import { policyProposals, promotionPolicies, users, type PromotionTarget, type RiskTier, type Stage } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';

/** The policy in force for a tier and target stage: the highest version. */
export async function currentPolicy(db: Db | Tx, riskTier: RiskTier, targetStage: PromotionTarget) {
  return (await currentPolicies(db, riskTier, [targetStage])).get(targetStage);
}

const newer = alias(promotionPolicies, 'newer');

/** The policies in force for a tier and several target stages, by stage: one statement for all of them. */
export async function currentPolicies(db: Db | Tx, riskTier: RiskTier, targetStages: readonly PromotionTarget[]) {
  if (targetStages.length === 0) return new Map<PromotionTarget, typeof promotionPolicies.$inferSelect>();
  const latest = db
    .select({ version: max(newer.version) })
    .from(newer)
    .where(and(eq(newer.riskTier, promotionPolicies.riskTier), eq(newer.targetStage, promotionPolicies.targetStage)));
  const rows = await db
    .select()
    .from(promotionPolicies)
    .where(and(eq(promotionPolicies.riskTier, riskTier), inArray(promotionPolicies.targetStage, [...targetStages]), eq(promotionPolicies.version, latest)));
  return new Map(rows.map((row) => [row.targetStage, row]));
}

/**
 * Whether the policies of every stage still ahead of a version allow bytes nobody has vouched for (production's, and
 * staging's too for a version in development): then an unreadable artifact passes its gates with a warning.
 */
export async function unscannedAllowedAhead(actor: Actor, riskTier: RiskTier, stage: Stage) {
  assertCan(actor, 'inventory.read');
  const ahead: PromotionTarget[] = stage === 'development' ? ['staging', 'production'] : ['production'];
  const policies = await currentPolicies(getDb(), riskTier, ahead);
  return ahead.every((target) => policies.get(target)?.rules.allowUnscanned === true);
}

const approver = alias(users, 'approver');

/** Every version of every policy, newest first, with who made it and, for a proposed change, who approved it. */
export async function listPolicies(actor: Actor) {
  assertCan(actor, 'inventory.read');
  return await getDb()
    .select({ policy: promotionPolicies, author: users.name, authorEmail: users.email, approver: approver.name })
    .from(promotionPolicies)
    .leftJoin(users, eq(users.id, promotionPolicies.createdById))
    .leftJoin(policyProposals, eq(policyProposals.policyId, promotionPolicies.id))
    .leftJoin(approver, eq(approver.id, policyProposals.decidedById))
    .orderBy(promotionPolicies.riskTier, promotionPolicies.targetStage, desc(promotionPolicies.version));
}

/** The changes awaiting a risk officer's approval, oldest first, with who proposed them. */
export async function openPolicyProposals(actor: Actor) {
  assertCan(actor, 'inventory.read');
  return await getDb()
    .select({ proposal: policyProposals, proposer: users.name })
    .from(policyProposals)
    .innerJoin(users, eq(users.id, policyProposals.proposedById))
    .where(eq(policyProposals.status, 'open'))
    .orderBy(policyProposals.createdAt);
}
