import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb, unguardedWriter, withTransaction } from '@/db';
import { auditEvents, findings, findingWaivers, notifications, waiverProposals } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { Conflict, Forbidden, Invalid } from '@/lib/errors';
import { parseInput } from '@/lib/http/to-domain-error';
import { actionItems } from '@/lib/inbox/action-items';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
import { closeFinding } from './close-finding';
import { getFinding } from './finding-detail';
import { patchFinding } from './patch-finding';
import { raiseFindingInTx } from './raise-finding';
import { raiseFinding } from './raise-finding-by-hand';
import { ZDecideWaiverProposalInput, ZWaiveFindingInput } from './schemas';
import { updateFinding } from './update-finding';
import { waiveFinding } from './waive-finding';
import { decideWaiverProposal, withdrawWaiverProposal } from './waiver-proposals';

const PASSWORD = 'correct horse battery staple';
const NOW = new Date('2026-06-01T10:00:00Z');
let ds: Actor;
let ro: Actor;
let ro2: Actor;
let ro3: Actor;
let systemId: string;

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [ds, ro, ro2, ro3] = await Promise.all([makeActor(['data_scientist']), makeActor(['risk_officer']), makeActor(['risk_officer']), makeActor(['risk_officer'])]);
  systemId = (await makeSystem(ds, { riskTier: 'high' })).id;
});

const raise = async (severity: 'critical' | 'high' = 'critical') =>
  await raiseFinding(ro3, { type: 'vulnerability', severity, title: 'Unsafe pickle opcode in the scorer', description: 'GLOBAL os.system in the artifact.', subjectType: 'system', subjectId: systemId, ownerId: ds.userId }, NOW);
const terms = { justification: 'The scorer runs in a sandbox with no shell.', compensatingControls: 'Seccomp profile; weekly rescan.', expiresOn: '2026-09-01', password: PASSWORD };
const propose = (actor: Actor, id: string) => waiveFinding(actor, id, parseInput(ZWaiveFindingInput, terms), NOW);
const decide = (actor: Actor, id: string, input: Record<string, unknown>, now = NOW) => decideWaiverProposal(actor, id, parseInput(ZDecideWaiverProposalInput, input), now);
const approve = (actor: Actor, id: string, now = NOW) => decide(actor, id, { decision: 'approve', password: PASSWORD }, now);
const statusOf = async (id: string) => first(await getDb().select({ status: findings.status }).from(findings).where(eq(findings.id, id)).limit(1))!.status;
const proposalsOf = async (id: string) => await getDb().select().from(waiverProposals).where(eq(waiverProposals.findingId, id));
const waiversOf = async (id: string) => await getDb().select().from(findingWaivers).where(eq(findingWaivers.findingId, id));
const actions = async (id: string) => (await getDb().select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.entityType, 'finding'), eq(auditEvents.entityId, id)))).map((e) => e.action);

describe('accepting the risk of a finding that was ever critical takes two risk officers', () => {
  it('the first signature proposes: the finding stays active, other risk officers are asked, and the second signature brings the waiver into force', async () => {
    const finding = await raise();
    const proposed = await propose(ro, finding.id);
    expect(proposed.waiver).toBeNull();
    expect(proposed.proposal).toMatchObject({ status: 'open', proposedById: ro.userId, printedName: ro.name, role: 'risk_officer', expiresOn: '2026-09-01', meaning: expect.stringMatching(/^I propose accepting the risk of F-\d+ .* until 2026-09-01/) });
    expect(await statusOf(finding.id)).toBe('open');
    expect(await waiversOf(finding.id)).toEqual([]);
    const asked = await getDb().select({ userId: notifications.userId }).from(notifications).where(and(eq(notifications.type, 'finding.waiver_proposed'), eq(notifications.entityId, proposed.proposal!.id)));
    expect(asked.map((n) => n.userId)).toEqual(expect.arrayContaining([ro2.userId, ro3.userId]));
    expect(asked.map((n) => n.userId)).not.toContain(ro.userId);

    // The inbox: the second risk officer has a decision to make; the proposer sees it coming up.
    const key = `waiver:${proposed.proposal!.id}`;
    expect((await actionItems(ro2, NOW)).items.map((i) => i.key)).toContain(key);
    const mine = await actionItems(ro, NOW);
    expect(mine.items.map((i) => i.key)).not.toContain(key);
    expect(mine.comingUp.map((i) => i.key)).toContain(key);

    // The page: no second proposal, the proposer may withdraw but not decide, another risk officer may decide.
    expect((await getFinding(ro, finding.id)).may.waive).toBe(false);
    expect((await getFinding(ro, finding.id)).waiverProposal).toMatchObject({ mayDecide: false, mayWithdraw: true });
    expect((await getFinding(ro2, finding.id)).waiverProposal).toMatchObject({ mayDecide: true, mayWithdraw: false });
    await expect(propose(ro2, finding.id)).rejects.toThrow(/already proposed/);
    await expect(approve(ro, finding.id)).rejects.toThrow(Forbidden);

    const approved = await approve(ro2, finding.id);
    expect(approved.finding.status).toBe('accepted');
    expect(approved.waiver).toMatchObject({ signerId: ro2.userId, printedName: ro2.name, expiresAt: '2026-09-01T00:00:00.000Z', justification: terms.justification, meaning: expect.stringContaining(`on the terms ${ro.name} proposed`) });
    expect(approved.proposal).toMatchObject({ status: 'approved', decidedById: ro2.userId, waiverId: approved.waiver!.id });
    const page = await getFinding(ro3, finding.id);
    expect(page.waivers).toEqual([expect.objectContaining({ id: approved.waiver!.id, proposal: expect.objectContaining({ printedName: ro.name }) })]);
    expect(page.waiverProposal).toBeNull();
    expect(await actions(finding.id)).toEqual(['finding.raised', 'finding.waiver_proposed', 'finding.waived']);
    // Both signatures' terms are fixed once signed.
    await expect(async () => await unguardedWriter().update(waiverProposals).set({ expiresOn: '2030-01-01' }).where(eq(waiverProposals.id, approved.proposal.id))).rejects.toThrow();
    await expect(approve(ro3, finding.id)).rejects.toThrow(Conflict);
  });

  it('holds for a critical finding lowered to high since; a finding only ever high is still accepted by one signature', async () => {
    const lowered = await raise();
    await updateFinding(ro2, lowered.id, { severity: 'high', severityReason: 'Exploit needs local access.', password: PASSWORD });
    expect((await propose(ro, lowered.id)).waiver).toBeNull();
    const high = await raise('high');
    expect((await propose(ro, high.id)).waiver).toMatchObject({ signerId: ro.userId });
    expect(await statusOf(high.id)).toBe('accepted');
  });

  it('a decline says why and leaves the finding as it was; the proposer is told and a new proposal may follow', async () => {
    const finding = await raise();
    const { proposal } = await propose(ro, finding.id);
    await expect(async () => await decide(ro2, finding.id, { decision: 'decline', comment: '', password: PASSWORD })).rejects.toThrow(Invalid);
    const declined = await decide(ro2, finding.id, { decision: 'decline', comment: 'The sandbox is not yet in production.', password: PASSWORD });
    expect(declined.proposal).toMatchObject({ status: 'declined', decidedById: ro2.userId, decisionReason: 'The sandbox is not yet in production.' });
    expect(await statusOf(finding.id)).toBe('open');
    const told = await getDb().select({ title: notifications.title }).from(notifications).where(and(eq(notifications.userId, ro.userId), eq(notifications.type, 'finding.waiver_declined'), eq(notifications.entityId, finding.id)));
    expect(told).toEqual([{ title: expect.stringContaining('The sandbox is not yet in production.') }]);
    // The news that asked for a decision now says what became of it.
    const asked = await getDb().select({ readAt: notifications.readAt }).from(notifications).where(and(eq(notifications.type, 'finding.waiver_proposed'), eq(notifications.entityId, proposal!.id)));
    expect(asked.every((n) => n.readAt !== null)).toBe(true);
    expect((await propose(ro2, finding.id)).proposal).toMatchObject({ status: 'open', proposedById: ro2.userId });
  });

  it('only the proposer withdraws; a wrong password approves nothing; an expiry that has come cannot be approved', async () => {
    const finding = await raise();
    await propose(ro, finding.id);
    await expect(withdrawWaiverProposal(ro2, finding.id, NOW)).rejects.toThrow(Forbidden);
    await expect(decide(ro2, finding.id, { decision: 'approve', password: 'wrong' })).rejects.toThrow(Invalid);
    expect(await statusOf(finding.id)).toBe('open');
    await expect(approve(ro2, finding.id, new Date('2026-09-01T08:00:00Z'))).rejects.toThrow(/not after today/);
    expect((await withdrawWaiverProposal(ro, finding.id, NOW)).status).toBe('withdrawn');
    await expect(approve(ro2, finding.id)).rejects.toThrow(/No proposal/);
    expect(await actions(finding.id)).toEqual(['finding.raised', 'finding.waiver_proposed', 'finding.waive_failed', 'finding.waiver_withdrawn']);
  });

  it('is refused to tokens and to anyone who ever owned the finding', async () => {
    const finding = await raise();
    await propose(ro, finding.id);
    await updateFinding(ro3, finding.id, { ownerId: ro2.userId });
    await expect(approve(ro2, finding.id)).rejects.toThrow(/owned this finding/);
    await expect(decide({ ...ro3, type: 'token', tokenId: 't', scopes: ['findings:write'] }, finding.id, { decision: 'decline', comment: 'No.', password: PASSWORD })).rejects.toThrow(Forbidden);
    await expect(patchFinding({ ...ro3, type: 'token', tokenId: 't', scopes: ['findings:write'] }, finding.id, { status: 'accepted', ...terms })).rejects.toThrow(Forbidden);
  });

  it('closing the finding voids the open proposal, in the same transaction', async () => {
    const finding = await raise();
    const { proposal } = await propose(ro, finding.id);
    await closeFinding(ro2, finding.id, { outcome: 'invalid', closureEvidence: 'The opcode is in a test fixture, not the scorer.', password: PASSWORD }, NOW);
    expect((await proposalsOf(finding.id)).map((p) => [p.id, p.status])).toEqual([[proposal!.id, 'void']]);
    await expect(approve(ro3, finding.id)).rejects.toThrow(Conflict);
  });

  it('two second signers at once: one waiver, one refusal', async () => {
    const finding = await raise();
    await propose(ro, finding.id);
    const outcomes = await Promise.allSettled([approve(ro2, finding.id), approve(ro3, finding.id)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason)).toEqual([expect.any(Conflict)]);
    expect(await waiversOf(finding.id)).toHaveLength(1);
    expect((await proposalsOf(finding.id)).map((p) => p.status)).toEqual(['approved']);
  });

  it('is never approved once its proposer has owned the finding, and a change to what the finding says voids it', async () => {
    const handed = await raise();
    await propose(ro, handed.id);
    await updateFinding(ro3, handed.id, { ownerId: ro.userId });
    await updateFinding(ro3, handed.id, { ownerId: ds.userId });
    await expect(approve(ro2, handed.id)).rejects.toThrow(/who proposed it, has owned F-\d+ since/);
    expect(await statusOf(handed.id)).toBe('open');
    expect((await decide(ro2, handed.id, { decision: 'decline', comment: 'The proposer owned it since.', password: PASSWORD })).proposal.status).toBe('declined');

    const reworded = await raise();
    const { proposal } = await propose(ro, reworded.id);
    await updateFinding(ro3, reworded.id, { title: 'A trivial issue' });
    expect((await proposalsOf(reworded.id)).map((p) => [p.id, p.status, p.decisionReason])).toEqual([[proposal!.id, 'void', expect.stringContaining('title, description or severity changed')]]);
    await expect(approve(ro2, reworded.id)).rejects.toThrow(/No proposal/);
    const [event] = await getDb().select({ after: auditEvents.after }).from(auditEvents).where(and(eq(auditEvents.entityId, reworded.id), eq(auditEvents.action, 'finding.updated')));
    expect(JSON.parse(event!.after!)).toMatchObject({ title: 'A trivial issue', voidedProposalId: proposal!.id });
  });

  it('a worse repeat of the problem voids the open proposal: the second signer would sign other words and another severity', async () => {
    const input = { type: 'monitoring_breach' as const, severity: 'critical' as const, title: 'PSI 0.41 on amount', description: 'Breaches the high rule.', subjectType: 'system' as const, subjectId: systemId, ownerId: ds.userId, source: 'monitoring' as const, dedupeKey: `monitoring:${systemId}:psi:amount` };
    const { finding } = await withTransaction(async (tx) => await raiseFindingInTx(tx, systemActor('monitoring'), input, NOW));
    await updateFinding(ro2, finding.id, { severity: 'medium', severityReason: 'The drift is seasonal, as every spring.', password: PASSWORD });
    const { proposal } = await propose(ro, finding.id);
    // A repeat no worse leaves the terms standing; a worse one rewrites the finding.
    await withTransaction(async (tx) => await raiseFindingInTx(tx, systemActor('monitoring'), { ...input, severity: 'medium' }, NOW));
    expect((await proposalsOf(finding.id)).map((p) => p.status)).toEqual(['open']);
    await withTransaction(async (tx) => await raiseFindingInTx(tx, systemActor('monitoring'), { ...input, severity: 'high', title: 'PSI 0.3 on amount' }, NOW));
    expect((await proposalsOf(finding.id)).map((p) => [p.id, p.status, p.decisionReason])).toEqual([[proposal!.id, 'void', expect.stringContaining('severity changed')]]);
    await expect(approve(ro2, finding.id)).rejects.toThrow(/No proposal/);
    expect(await statusOf(finding.id)).toBe('open');
    const recurred = await getDb().select({ after: auditEvents.after }).from(auditEvents).where(and(eq(auditEvents.entityId, finding.id), eq(auditEvents.action, 'finding.recurred')));
    expect(recurred.map((e) => JSON.parse(e.after!).voidedProposalId)).toEqual([undefined, proposal!.id]);
  });

  it('asks only risk officers who may decide it: never one who ever owned the finding', async () => {
    const finding = await raise();
    await updateFinding(ro3, finding.id, { ownerId: ro2.userId });
    await updateFinding(ro3, finding.id, { ownerId: ds.userId });
    const { proposal } = await propose(ro, finding.id);
    const asked = (await getDb().select({ userId: notifications.userId }).from(notifications).where(and(eq(notifications.type, 'finding.waiver_proposed'), eq(notifications.entityId, proposal!.id)))).map((n) => n.userId);
    expect(asked).toContain(ro3.userId);
    expect(asked).not.toContain(ro2.userId);
    expect((await actionItems(ro2, NOW)).items.map((i) => i.key)).not.toContain(`waiver:${proposal!.id}`);
    expect((await actionItems(ro3, NOW)).items.map((i) => i.key)).toContain(`waiver:${proposal!.id}`);
  });
});
