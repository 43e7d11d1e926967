import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '@/db';
import { policyProposals, promotionPolicies, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';

const approver = alias(users, 'approver');

/** The latest policy versions written (each edit is a new row), with who proposed them and who approved them. */
export async function recentPolicyChanges(actor: Actor, limit = 5) {
  assertCan(actor, 'policy.manage');
  return await getDb()
    .select({
      id: promotionPolicies.id, riskTier: promotionPolicies.riskTier, targetStage: promotionPolicies.targetStage, version: promotionPolicies.version, createdAt: promotionPolicies.createdAt,
      authorName: users.name, authorEmail: users.email, approverName: approver.name, approverEmail: approver.email,
    })
    .from(promotionPolicies)
    .leftJoin(users, eq(users.id, promotionPolicies.createdById))
    .leftJoin(policyProposals, eq(policyProposals.policyId, promotionPolicies.id))
    .leftJoin(approver, eq(approver.id, policyProposals.decidedById))
    .orderBy(desc(promotionPolicies.createdAt))
    .limit(limit);
}
