import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db';
import { auditEvents, notifications, policyProposals } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { makeActor } from '@/lib/testing';
import { decidePolicyProposal, proposePolicyChange, withdrawPolicyProposal } from './policy-proposals';
import { currentPolicy, listPolicies, openPolicyProposals } from './policy-queries';
import { ZDecidePolicyProposalInput, ZPolicyRules } from './policy-schemas';
import { ensureDefaultPolicies, updatePolicy } from './update-policy';

const PASSWORD = 'correct horse battery staple';
let admin: Actor;
let ro: Actor;
let ro2: Actor;
let adminAndRo: Actor;

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [admin, ro, ro2, adminAndRo] = await Promise.all([makeActor(['admin']), makeActor(['risk_officer']), makeActor(['risk_officer']), makeActor(['admin', 'risk_officer'], 'both')]);
});

/** A change to a policy: its rules in force, with the maximum evidence age set to `days`. */
async function change(tier: 'high' | 'limited' | 'minimal', stage: 'staging' | 'production', days: number) {
  const { rules } = (await currentPolicy(getDb(), tier, stage))!;
  return { riskTier: tier, targetStage: stage, reason: `Evidence at most ${days} days old, as the committee decided.`, rules: ZPolicyRules.parse({ ...rules, maxEvidenceAgeDays: days }) };
}
const decide = (actor: Actor, proposalId: string, decision: 'approve' | 'reject', extra: Record<string, unknown> = {}) => decidePolicyProposal(actor, ZDecidePolicyProposalInput.parse({ proposalId, decision, password: PASSWORD, comment: decision === 'reject' ? 'Not before the validation report.' : '', ...extra }));
const version = async (tier: 'high' | 'limited' | 'minimal', stage: 'staging' | 'production') => (await currentPolicy(getDb(), tier, stage))!.version;
const actionsFor = async (key: string) => (await getDb().select({ action: auditEvents.action, actorId: auditEvents.actorId, after: auditEvents.after }).from(auditEvents).where(eq(auditEvents.entityId, key)).orderBy(auditEvents.seq));
const inbox = async (userId: string, type: string) => await getDb().select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.type, type)));

describe('a change to a promotion policy', () => {
  it('is only proposed by an administrator: the policy in force stays until a risk officer approves it with their password', async () => {
    const before = await version('high', 'staging');
    const proposal = await proposePolicyChange(admin, await change('high', 'staging', 60));
    expect(await version('high', 'staging')).toBe(before);
    expect((await actionsFor('high/staging')).at(-1)).toMatchObject({ action: 'policy.change_proposed', actorId: admin.userId });
    expect(await inbox(ro.userId, 'policy.change_proposed')).toEqual([expect.objectContaining({ entityId: proposal.id, readAt: null, href: `/admin/policies#proposal-${proposal.id}` })]);
    expect((await openPolicyProposals(ro)).map((p) => p.proposal.id)).toContain(proposal.id);

    expect(await decide(ro, proposal.id, 'approve', { comment: 'Agreed at the committee of 2026-12-01.' })).toEqual({ status: 'approved', version: before + 1 });
    const now = (await currentPolicy(getDb(), 'high', 'staging'))!;
    expect(now).toMatchObject({ version: before + 1, createdById: admin.userId, changeReason: 'Evidence at most 60 days old, as the committee decided.' });
    expect(now.rules.maxEvidenceAgeDays).toBe(60);
    const approved = (await actionsFor('high/staging')).at(-1)!;
    expect(approved).toMatchObject({ action: 'policy.updated', actorId: ro.userId });
    expect(JSON.parse(approved.after!)).toMatchObject({ version: before + 1, proposal: proposal.id, approvedBy: ro.email, comment: 'Agreed at the committee of 2026-12-01.', maxEvidenceAgeDays: 60 });
    // The question is answered for every risk officer; the proposer is told.
    expect((await inbox(ro2.userId, 'policy.change_proposed')).every((n) => n.readAt !== null)).toBe(true);
    expect(await inbox(admin.userId, 'policy.change_decided')).toEqual([expect.objectContaining({ title: expect.stringContaining(`approved by ${ro.name}: version ${before + 1} is in force`) })]);
    expect((await listPolicies(ro)).find((p) => p.policy.id === now.id)).toMatchObject({ author: admin.name, approver: ro.name });
  });

  it('is never decided by its proposer, a token, an administrator or a data scientist', async () => {
    const proposal = await proposePolicyChange(adminAndRo, await change('minimal', 'staging', 45));
    await expect(decide(adminAndRo, proposal.id, 'approve')).rejects.toThrow(/You proposed this change/);
    await expect(decide(admin, proposal.id, 'approve')).rejects.toThrow(/Your roles do not allow policy.approve/);
    await expect(decidePolicyProposal({ ...ro, type: 'token', tokenId: 't' } as unknown as Actor, ZDecidePolicyProposalInput.parse({ proposalId: proposal.id, decision: 'approve', password: PASSWORD }))).rejects.toThrow(/API tokens never approve/);
    const ds = await makeActor(['data_scientist']);
    await expect(proposePolicyChange(ds, await change('minimal', 'production', 45))).rejects.toThrow();
    expect((await getDb().select().from(policyProposals).where(eq(policyProposals.id, proposal.id)))[0]!.status).toBe('open');
    await withdrawPolicyProposal(admin, proposal.id);
  });

  it('refuses a wrong password, audited, and leaves the change open', async () => {
    const proposal = await proposePolicyChange(admin, await change('minimal', 'production', 50));
    await expect(decide(ro, proposal.id, 'approve', { password: 'not the password' })).rejects.toThrow(/password is not correct; nothing was decided/);
    expect((await actionsFor('minimal/production')).at(-1)).toMatchObject({ action: 'policy.change_decide_failed', actorId: ro.userId });
    expect((await getDb().select().from(policyProposals).where(eq(policyProposals.id, proposal.id)))[0]!.status).toBe('open');
    // A rejection needs a comment, and writes no version.
    expect(ZDecidePolicyProposalInput.safeParse({ proposalId: proposal.id, decision: 'reject', password: PASSWORD }).success).toBe(false);
    const before = await version('minimal', 'production');
    expect(await decide(ro, proposal.id, 'reject')).toEqual({ status: 'rejected', version: null });
    expect(await version('minimal', 'production')).toBe(before);
    expect((await actionsFor('minimal/production')).at(-1)).toMatchObject({ action: 'policy.change_rejected' });
    await expect(decide(ro2, proposal.id, 'approve')).rejects.toThrow(/already rejected/);
  });

  it('is one at a time per policy, and must change a rule', async () => {
    const proposal = await proposePolicyChange(admin, await change('limited', 'staging', 30));
    await expect(proposePolicyChange(admin, await change('limited', 'staging', 31))).rejects.toThrow(/awaits a risk officer's approval/);
    await withdrawPolicyProposal(admin, proposal.id);
    await expect(withdrawPolicyProposal(admin, proposal.id)).rejects.toThrow(/already withdrawn/);
    const { rules } = (await currentPolicy(getDb(), 'limited', 'staging'))!;
    await expect(proposePolicyChange(admin, { riskTier: 'limited', targetStage: 'staging', reason: 'Saving what is there.', rules: ZPolicyRules.parse(rules) })).rejects.toThrow(/Nothing changes/);
  });

  it('is refused once another version came into force since it was proposed', async () => {
    const proposal = await proposePolicyChange(admin, await change('limited', 'production', 70));
    await updatePolicy(admin, await change('limited', 'production', 75));
    const before = await version('limited', 'production');
    await expect(decide(ro, proposal.id, 'approve')).rejects.toThrow(/changed since this change was proposed/);
    expect(await version('limited', 'production')).toBe(before);
    // The refusal after a right password is written down, and changes nothing else.
    expect((await actionsFor('limited/production')).at(-1)).toMatchObject({ action: 'policy.change_decide_failed', actorId: ro.userId, after: expect.stringContaining('"reason":"stale"') });
    expect((await getDb().select().from(policyProposals).where(eq(policyProposals.id, proposal.id)))[0]!.status).toBe('open');
    await withdrawPolicyProposal(admin, proposal.id);
  });

  it('is approved once when two risk officers approve it at the same moment', async () => {
    const proposal = await proposePolicyChange(admin, await change('high', 'production', 85));
    const before = await version('high', 'production');
    const outcomes = await Promise.allSettled([decide(ro, proposal.id, 'approve'), decide(ro2, proposal.id, 'approve')]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: expect.objectContaining({ message: expect.stringMatching(/decided or withdrawn meanwhile|already approved/) }) });
    expect(await version('high', 'production')).toBe(before + 1);
  });
});
