import 'server-only';
import type { z } from 'zod';
import { only, withTransaction, type Tx } from '@/db';
import { promotionPolicies, type PolicyRules } from '@/db/schema';
import { changedFields } from '@/lib/audit/changes';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor, SystemActor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { triggerReviewsForPolicyChange } from '@/lib/reviews/trigger-policy-change';
import { DEFAULT_POLICIES } from './default-policies';
import { changedRules } from './policy-changes';
import { currentPolicy } from './policy-queries';
import type { ZUpdatePolicyInput } from './policy-schemas';

type Input = z.output<typeof ZUpdatePolicyInput>;
/** A version to write: the input of an edit, or a proposal's stored rules once approved. */
type VersionInput = Pick<Input, 'riskTier' | 'targetStage' | 'reason'> & { rules: PolicyRules };

/**
 * Writes the policy's next version, audited as done by `actor`. `approval`: the version is a proposed change a risk
 * officer approved; its author is the proposer, and the audit event names the proposal.
 */
export async function writeVersion(tx: Tx, actor: Actor | SystemActor, input: VersionInput, approval?: { proposalId: string; proposedById: string; comment: string }) {
  const current = await currentPolicy(tx, input.riskTier, input.targetStage);
  const { before, after } = changedFields(current?.rules ?? {}, input.rules);
  // Unchanged in meaning (the editor also sends what an absent rule means): no new version, as the history would say "Nothing".
  if (current && changedRules(current.rules, input.rules)!.length === 0) return current;
  const row = only(await tx
    .insert(promotionPolicies)
    .values({ riskTier: input.riskTier, targetStage: input.targetStage, version: (current?.version ?? 0) + 1, rules: input.rules, changeReason: input.reason, createdById: approval?.proposedById ?? (actor.type === 'system' ? null : actor.userId) })
    .returning());
  await recordAudit(tx, actor, {
    action: current ? 'policy.updated' : 'policy.created',
    entityType: 'promotion_policy',
    entityId: `${row.riskTier}/${row.targetStage}`,
    before: current ? { version: current.version, ...before } : undefined,
    after: { version: row.version, reason: input.reason, ...(approval && actor.type === 'user' ? { proposal: approval.proposalId, approvedBy: actor.email, ...(approval.comment ? { comment: approval.comment } : {}) } : {}), ...(current ? after : input.rules) },
  });
  if (current && row.targetStage === 'production') await triggerReviewsForPolicyChange(tx, actor, { riskTier: row.riskTier, version: row.version, before: current.rules, after: row.rules });
  return row;
}

/**
 * Policies are versioned: an edit writes the next version (requests keep pointing at the one that gated them). In the
 * product an administrator's edit is a proposal a risk officer approves (policy-proposals.ts); this direct write is for
 * installation scripts and tests.
 */
export async function updatePolicy(actor: Actor, input: Input) {
  assertCan(actor, 'policy.manage');
  return await withTransaction(async (tx) => await writeVersion(tx, actor, input));
}

/** Writes the default policies where a tier and stage has none yet (fresh installations, tests). */
export async function ensureDefaultPolicies(actor: SystemActor) {
  await withTransaction(async (tx) => {
    for (const policy of DEFAULT_POLICIES) if (!await currentPolicy(tx, policy.riskTier, policy.targetStage)) await writeVersion(tx, actor, { ...policy, reason: 'The default policy of a new installation.' });
  });
}
