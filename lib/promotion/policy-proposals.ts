import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { first, getDb, only, returnedRow, withTransaction, type Db, type Tx } from '@/db';
import { policyProposals, users, type RiskTier } from '@/db/schema';
import { changedFields } from '@/lib/audit/changes';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { reauthenticate, settleReauthentication, type ReauthPurpose } from '@/lib/auth/reauthenticate';
import { Conflict, Forbidden, Invalid, NotFound } from '@/lib/errors';
import { settleNews } from '@/lib/inbox/settle-news';
import { emitEvent } from '@/lib/notify/emit-event';
import { activePeopleInRoles } from '@/lib/users/people-who-may';
import { changedRules, policyName } from './policy-changes';
import { currentPolicy } from './policy-queries';
import type { ZDecidePolicyProposalInput, ZUpdatePolicyInput } from './policy-schemas';
import { writeVersion } from './update-policy';

type Proposal = typeof policyProposals.$inferSelect;
const policyKey = (p: Pick<Proposal, 'riskTier' | 'targetStage'>) => `${p.riskTier}/${p.targetStage}`;
const href = (id: string) => `/admin/policies#proposal-${id}`;

async function loadProposal(db: Db | Tx, id: string) {
  const row = first(await db.select().from(policyProposals).where(eq(policyProposals.id, id)).limit(1));
  if (!row) throw new NotFound('Policy change');
  return row;
}

/**
 * Four eyes on the gate: an administrator's change to a policy is only proposed; it is in force once a risk officer
 * other than the proposer approves it (decidePolicyProposal). One change is open per policy at a time, and a change
 * that changes no rule in meaning is refused.
 */
export async function proposePolicyChange(actor: Actor, input: z.output<typeof ZUpdatePolicyInput>) {
  assertCan(actor, 'policy.manage');
  if (actor.type !== 'user') throw new Forbidden('Policy changes are proposed in the browser.');
  return await withTransaction(async (tx) => {
    const current = await currentPolicy(tx, input.riskTier, input.targetStage);
    const changed = changedRules(current?.rules ?? null, input.rules);
    if (changed && changed.length === 0) throw new Invalid('Nothing changes: these are the rules in force.', [{ path: 'rules', message: 'Change a rule to propose a change.' }]);
    const open = first(await tx.select({ id: policyProposals.id, by: users.name }).from(policyProposals).innerJoin(users, eq(users.id, policyProposals.proposedById))
      .where(and(eq(policyProposals.riskTier, input.riskTier), eq(policyProposals.targetStage, input.targetStage), eq(policyProposals.status, 'open'))).limit(1));
    if (open) throw new Conflict(`A change to this policy, proposed by ${open.by}, awaits a risk officer's approval: it must be decided or withdrawn first.`);
    const proposal = only(await tx.insert(policyProposals).values({ riskTier: input.riskTier, targetStage: input.targetStage, baseVersion: current?.version ?? 0, rules: input.rules, reason: input.reason, proposedById: actor.userId }).returning());
    const { before, after } = changedFields(current?.rules ?? {}, input.rules);
    await recordAudit(tx, actor, { action: 'policy.change_proposed', entityType: 'promotion_policy', entityId: policyKey(proposal), before: { version: proposal.baseVersion, ...before }, after: { proposal: proposal.id, reason: input.reason, ...after } });
    const approvers = await activePeopleInRoles(['risk_officer'], tx);
    await emitEvent(tx, {
      type: 'policy.change_proposed',
      title: `${actor.name} proposes a change to the ${policyName(proposal)} policy: it awaits your approval`,
      href: href(proposal.id),
      entityType: 'policy_proposal',
      entityId: proposal.id,
      recipients: approvers.map((p) => p.id).filter((id) => id !== actor.userId),
      data: { riskTier: proposal.riskTier, targetStage: proposal.targetStage, baseVersion: proposal.baseVersion, changed: changed ?? [], proposedBy: actor.email },
    });
    return proposal;
  });
}

/** An administrator takes an open change back; nothing in force changes. */
export async function withdrawPolicyProposal(actor: Actor, id: string) {
  assertCan(actor, 'policy.manage');
  return await withTransaction(async (tx) => {
    const seen = await loadProposal(tx, id);
    const withdrawn = returnedRow(await tx.update(policyProposals).set({ status: 'withdrawn', decidedById: actor.type === 'user' ? actor.userId : null, decidedAt: new Date().toISOString() })
      .where(and(eq(policyProposals.id, id), eq(policyProposals.status, 'open'))).returning());
    if (!withdrawn) throw new Conflict(`This change to the ${policyName(seen)} policy was already ${seen.status}.`);
    await recordAudit(tx, actor, { action: 'policy.change_withdrawn', entityType: 'promotion_policy', entityId: policyKey(withdrawn), before: { proposal: id, status: 'open' }, after: { proposal: id, status: 'withdrawn' } });
    await settleNews(tx, 'policy.change_proposed', id, 'everyone');
    return withdrawn;
  });
}

const decideReauth = (proposalId: string, riskTier: string, targetStage: string): ReauthPurpose => ({
  activity: 'Deciding on policy changes',
  outcome: 'decided',
  failure: { action: 'policy.change_decide_failed', entityType: 'promotion_policy', entityId: `${riskTier}/${targetStage}`, after: { proposal: proposalId, reason: 'wrong password' } },
});

/**
 * A risk officer approves (the policy's next version is written, with the proposer as its author) or rejects a proposed
 * change, with the password again. Never the proposer, never a token. Approval is refused when another version came
 * into force since the change was proposed: it was proposed against rules that are no longer the policy's.
 */
export async function decidePolicyProposal(actor: Actor, input: z.output<typeof ZDecidePolicyProposalInput>) {
  if (actor.type !== 'user') throw new Forbidden('API tokens never approve; decide in the browser.');
  assertCan(actor, 'policy.approve');
  const seen = await loadProposal(getDb(), input.proposalId);
  if (seen.proposedById === actor.userId) throw new Forbidden('You proposed this change: another risk officer must decide on it.');
  if (seen.status !== 'open') throw new Conflict(`This change to the ${policyName(seen)} policy was already ${seen.status}.`);
  const purpose = decideReauth(seen.id, seen.riskTier, seen.targetStage);
  const proof = await reauthenticate(actor, input.password, purpose);
  const outcome = await withTransaction(async (tx) => {
    await settleReauthentication(tx, purpose, proof, { permission: 'policy.approve' });
    const status = input.decision === 'approve' ? 'approved' : 'rejected';
    if ((await loadProposal(tx, seen.id)).status !== 'open') throw new Conflict(`This change to the ${policyName(seen)} policy was decided or withdrawn meanwhile. Reload the page.`);
    const current = await currentPolicy(tx, seen.riskTier, seen.targetStage);
    if (status === 'approved' && (current?.version ?? 0) !== seen.baseVersion) {
      // Refused, and written down: the only change this transaction makes.
      await recordAudit(tx, actor, { ...purpose.failure, after: { proposal: seen.id, reason: 'stale', baseVersion: seen.baseVersion, version: current?.version ?? null } });
      return { stale: current?.version ?? 0 } as const;
    }
    const decided = returnedRow(await tx.update(policyProposals).set({ status, decidedById: actor.userId, decidedAt: new Date().toISOString(), decisionComment: input.comment || null })
      .where(and(eq(policyProposals.id, seen.id), eq(policyProposals.status, 'open'))).returning());
    if (!decided) throw new Conflict(`This change to the ${policyName(seen)} policy was decided or withdrawn meanwhile. Reload the page.`);
    let version: number | null = null;
    if (status === 'approved') {
      const written = await writeVersion(tx, actor, { riskTier: decided.riskTier as Exclude<RiskTier, 'prohibited'>, targetStage: decided.targetStage, reason: decided.reason, rules: decided.rules }, { proposalId: decided.id, proposedById: decided.proposedById, comment: input.comment });
      await tx.update(policyProposals).set({ policyId: written.id }).where(eq(policyProposals.id, decided.id));
      version = written.version;
    } else {
      await recordAudit(tx, actor, { action: 'policy.change_rejected', entityType: 'promotion_policy', entityId: policyKey(decided), before: { proposal: decided.id, status: 'open' }, after: { proposal: decided.id, status: 'rejected', comment: input.comment } });
    }
    await settleNews(tx, 'policy.change_proposed', decided.id, 'everyone');
    await emitEvent(tx, {
      type: 'policy.change_decided',
      title: status === 'approved' ? `Your change to the ${policyName(decided)} policy was approved by ${actor.name}: version ${version} is in force` : `Your change to the ${policyName(decided)} policy was rejected by ${actor.name}`,
      href: href(decided.id),
      entityType: 'policy_proposal',
      entityId: decided.id,
      recipients: [decided.proposedById],
      data: { riskTier: decided.riskTier, targetStage: decided.targetStage, decision: input.decision, version, decidedBy: actor.email },
    });
    return { status, version };
  });
  if ('stale' in outcome) throw new Conflict(`The ${policyName(seen)} policy changed since this change was proposed (it is at version ${outcome.stale}, the change was made to version ${seen.baseVersion}): it must be withdrawn and proposed again.`);
  return outcome;
}
