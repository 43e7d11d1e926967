import 'server-only';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { first, getDb, only, returnedRow, withTransaction, type Db, type Tx } from '@/db';
import { ACTIVE_FINDING_STATUSES, findings, findingWaivers, waiverProposals, type Severity } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { reauthenticate, settleReauthentication } from '@/lib/auth/reauthenticate';
import { Conflict, Forbidden, NotFound } from '@/lib/errors';
import { raisingIncident, seriousIncidentRemediated } from '@/lib/incidents/queries';
import { settleNews } from '@/lib/inbox/settle-news';
import { emitEvent } from '@/lib/notify/emit-event';
import { activePeopleInRoles } from '@/lib/users/people-who-may';
import { mapInOrder } from '@/lib/map-in-order';
import { humanize } from '@/lib/words';
import { findingHistory } from './finding-history';
import { loadFinding, type FindingRow } from './finding-records';
import { findingRef } from './raise-finding';
import type { DecideWaiverProposalInput, WaiveFindingInput } from './schemas';
import { FINDING_SIGNING } from './signing';

/** A finding that was ever critical has its risk accepted by two risk officers: one proposes, another approves. */
export const needsTwoSigners = (highestSeverity: Severity) => highestSeverity === 'critical';

export type WaiverProposal = typeof waiverProposals.$inferSelect;

/** What the first risk officer signs: a proposal, not yet an accepted risk. */
export function proposalMeaning(finding: Pick<FindingRow, 'number' | 'title'>, expiresOn: string) {
  return `I propose accepting the risk of ${findingRef(finding.number)} “${finding.title}” until ${expiresOn}, with the compensating controls given, as Risk officer`;
}

/** What the second signs: the waiver itself, naming whose terms they approve. */
export function approvalMeaning(finding: Pick<FindingRow, 'number' | 'title'>, proposal: Pick<WaiverProposal, 'expiresOn' | 'printedName'>) {
  return `I approve accepting the risk of ${findingRef(finding.number)} “${finding.title}” until ${proposal.expiresOn}, on the terms ${proposal.printedName} proposed, as Risk officer`;
}

/** The proposal awaiting a second risk officer on this finding, if any (at most one: a unique index). */
export async function openWaiverProposal(db: Db | Tx, findingId: string): Promise<WaiverProposal | null> {
  return first(await db.select().from(waiverProposals).where(and(eq(waiverProposals.findingId, findingId), eq(waiverProposals.status, 'open'))).limit(1)) ?? null;
}

/** Why no second proposal is made while one is open. */
export const proposalOpen = (by: string) => `${by} already proposed accepting this risk: a second risk officer approves or declines that proposal, or ${by} withdraws it, before another is made.`;

/**
 * The first signature of a two-person waiver, in the transaction waiveFinding opened once the proposer's password was
 * checked: the signed terms are stored as an open proposal and the finding stays as it is, active, until a second
 * risk officer approves them. Risk officers other than the proposer are told.
 */
export async function proposeWaiver(tx: Tx, actor: Actor, seen: FindingRow, input: Omit<WaiveFindingInput, 'password'>, pastOwnerIds: ReadonlySet<string>, at: string, now: Date) {
  const open = await openWaiverProposal(tx, seen.id);
  if (open) throw new Conflict(proposalOpen(open.printedName));
  const still = first(await tx.select({ id: findings.id }).from(findings).where(and(eq(findings.id, seen.id), eq(findings.status, seen.status), eq(findings.updatedAt, seen.updatedAt))).limit(1));
  if (!still) throw new Conflict(`${findingRef(seen.number)} changed meanwhile. Reload the page.`);
  const proposal = only(await tx
    .insert(waiverProposals)
    .values({ findingId: seen.id, justification: input.justification, compensatingControls: input.compensatingControls, expiresOn: input.expiresOn, proposedById: actor.userId, printedName: actor.name, role: 'risk_officer', meaning: proposalMeaning(seen, input.expiresOn), signedAt: at })
    .returning());
  await recordAudit(tx, actor, { action: 'finding.waiver_proposed', entityType: 'finding', entityId: seen.id, after: { proposal } });
  const approvers = await activePeopleInRoles(['risk_officer'], tx);
  await emitEvent(tx, {
    type: 'finding.waiver_proposed',
    title: `${actor.name} proposes accepting the risk of ${findingRef(seen.number)} ${seen.title} until ${input.expiresOn}: a second risk officer decides`,
    href: `/findings/${seen.id}`,
    entityType: 'waiver_proposal',
    entityId: proposal.id,
    // Those who may decide it: neither its proposer nor anyone who ever owned the finding.
    recipients: approvers.map((p) => p.id).filter((id) => id !== actor.userId && !pastOwnerIds.has(id)),
    data: { findingId: seen.id, number: seen.number, severity: seen.severity, expiresOn: input.expiresOn, proposedBy: actor.email },
  }, now);
  return proposal;
}

/** Why this person may not decide the open proposal on this finding (they made it, or ever owned the finding), or null. */
export function whyNotDecider(actor: Actor, proposal: WaiverProposal, pastOwnerIds: ReadonlySet<string>): string | null {
  if (proposal.proposedById === actor.userId) return 'You proposed accepting this risk: a second risk officer approves or declines it.';
  if (pastOwnerIds.has(actor.userId)) return 'You own or have owned this finding; a risk officer who never owned it decides on accepting its risk.';
  return null;
}

/**
 * What a decision may land on: the open proposal, on an active finding no serious incident raised, by a second risk
 * officer; an approval also needs a proposer who has not owned the finding since (four eyes, both pairs independent).
 */
async function assertDecidable(db: Db | Tx, actor: Actor, findingId: string, decision: DecideWaiverProposalInput['decision']) {
  const finding = await loadFinding(db, findingId);
  const proposal = await openWaiverProposal(db, findingId);
  if (!proposal) throw new Conflict(`No proposal to accept the risk of ${findingRef(finding.number)} awaits a decision (it was decided or withdrawn meanwhile). Reload the page.`);
  const { pastOwnerIds } = await findingHistory(db, finding);
  const notYours = whyNotDecider(actor, proposal, pastOwnerIds);
  if (notYours) throw new Forbidden(notYours);
  if (decision === 'approve' && pastOwnerIds.has(proposal.proposedById)) {
    throw new Conflict(`${proposal.printedName}, who proposed it, has owned ${findingRef(finding.number)} since: the proposal is no second pair of eyes and cannot be approved. Decline it; a risk officer who never owned the finding may propose again.`);
  }
  if (!(ACTIVE_FINDING_STATUSES as readonly string[]).includes(finding.status)) throw new Conflict(`${findingRef(finding.number)} is ${humanize(finding.status).toLowerCase()}; only an active finding’s risk can be accepted.`);
  const incident = await raisingIncident(db, finding);
  if (incident) throw new Conflict(seriousIncidentRemediated(incident.ref));
  return { finding, proposal };
}

/**
 * A second risk officer decides an open proposal, with the password again. Approving is the waiver's signature: the
 * finding becomes accepted on the proposed terms, the waiver signed by the approver and linked from the proposal.
 * Declining says why (the comment); the finding stays as it was. Refused to the proposer, to anyone who ever owned the
 * finding, for a proposal already decided, for terms whose expiry has come, and (approving) for a proposer who has owned
 * the finding since.
 */
export async function decideWaiverProposal(actor: Actor, findingId: string, input: DecideWaiverProposalInput, now = new Date()) {
  assertCan(actor, 'finding.waive');
  if (actor.type !== 'user') throw new Forbidden('API tokens never sign; decide on accepting a risk in the browser.');
  const { proposal } = await assertDecidable(getDb(), actor, findingId, input.decision);
  const today = now.toISOString().slice(0, 10);
  if (input.decision === 'approve' && proposal.expiresOn <= today) throw new Conflict(`The proposed expiry, ${proposal.expiresOn}, is not after today: decline the proposal, and propose new terms.`);
  const proof = await reauthenticate(actor, input.password, FINDING_SIGNING.waive(findingId));
  return await withTransaction(async (tx) => {
    await settleReauthentication(tx, FINDING_SIGNING.waive(findingId), proof, { permission: 'finding.waive' });
    // Again in the transaction: a proposal withdrawn or decided, or a finding closed, while the password was checked.
    const { finding, proposal: open } = await assertDecidable(tx, actor, findingId, input.decision);
    if (open.id !== proposal.id) throw new Conflict('The proposal changed meanwhile. Reload the page.');
    const at = now.toISOString();
    if (input.decision === 'decline') return { finding, proposal: await decline(tx, actor, finding, open, input.comment, at, now), waiver: null };
    return await approve(tx, actor, finding, open, at, now);
  });
}

/** Ends an open proposal (its status `to`), on the condition that it is still open. */
async function endProposal(tx: Tx, proposal: WaiverProposal, set: Partial<WaiverProposal>) {
  const ended = returnedRow(await tx.update(waiverProposals).set(set).where(and(eq(waiverProposals.id, proposal.id), eq(waiverProposals.status, 'open'))).returning());
  if (!ended) throw new Conflict('The proposal was decided or withdrawn meanwhile. Reload the page.');
  return ended;
}

async function decline(tx: Tx, actor: Actor, finding: FindingRow, proposal: WaiverProposal, reason: string, at: string, now: Date) {
  const declined = await endProposal(tx, proposal, { status: 'declined', decidedById: actor.userId, decidedAt: at, decisionReason: reason });
  await recordAudit(tx, actor, { action: 'finding.waiver_declined', entityType: 'finding', entityId: finding.id, before: { proposal: proposal.id, status: 'open' }, after: { proposal: proposal.id, status: 'declined', reason } });
  await settleNews(tx, 'finding.waiver_proposed', proposal.id, 'everyone', now);
  await emitEvent(tx, {
    type: 'finding.waiver_declined',
    title: `${actor.name} declined accepting the risk of ${findingRef(finding.number)} ${finding.title}: ${reason}`,
    href: `/findings/${finding.id}`,
    entityType: 'finding',
    entityId: finding.id,
    recipients: [proposal.proposedById],
    data: { findingId: finding.id, number: finding.number, proposalId: proposal.id, reason },
  }, now);
  return declined;
}

async function approve(tx: Tx, actor: Actor, finding: FindingRow, proposal: WaiverProposal, at: string, now: Date) {
  const accepted = returnedRow(await tx
    .update(findings)
    .set({ status: 'accepted', updatedAt: at })
    .where(and(eq(findings.id, finding.id), eq(findings.status, finding.status), eq(findings.updatedAt, finding.updatedAt), inArray(findings.status, ACTIVE_FINDING_STATUSES)))
    .returning());
  if (!accepted) throw new Conflict(`${findingRef(finding.number)} changed meanwhile. Reload the page.`);
  const waiver = only(await tx
    .insert(findingWaivers)
    .values({ findingId: finding.id, justification: proposal.justification, compensatingControls: proposal.compensatingControls, expiresAt: `${proposal.expiresOn}T00:00:00.000Z`, signerId: actor.userId, printedName: actor.name, role: 'risk_officer', meaning: approvalMeaning(finding, proposal), signedAt: at })
    .returning());
  const approved = await endProposal(tx, proposal, { status: 'approved', decidedById: actor.userId, decidedAt: at, waiverId: waiver.id });
  await recordAudit(tx, actor, { action: 'finding.waived', entityType: 'finding', entityId: finding.id, before: { status: finding.status }, after: { status: 'accepted', waiver, proposal: { id: proposal.id, proposedById: proposal.proposedById, printedName: proposal.printedName, signedAt: proposal.signedAt } } });
  await settleNews(tx, 'finding.status_changed', finding.id, 'everyone', now);
  await settleNews(tx, 'finding.waiver_proposed', proposal.id, 'everyone', now);
  await emitEvent(tx, { type: 'finding.waived', title: `${findingRef(accepted.number)} ${accepted.title}: risk accepted until ${proposal.expiresOn} by ${proposal.printedName} and ${actor.name}`, href: `/findings/${finding.id}`, entityType: 'finding', entityId: finding.id, recipients: [accepted.ownerId, proposal.proposedById], data: { number: accepted.number, severity: accepted.severity, waiverId: waiver.id, expiresAt: waiver.expiresAt, proposalId: proposal.id } }, now);
  return { finding: accepted, proposal: approved, waiver };
}

/** The proposer takes their open proposal back; nothing else changes. */
export async function withdrawWaiverProposal(actor: Actor, findingId: string, now = new Date()) {
  assertCan(actor, 'finding.waive');
  return await withTransaction(async (tx) => {
    const finding = await loadFinding(tx, findingId);
    const proposal = await openWaiverProposal(tx, findingId);
    if (!proposal) throw new NotFound('Open proposal to accept this risk');
    if (proposal.proposedById !== actor.userId) throw new Forbidden(`Only ${proposal.printedName}, who proposed it, withdraws it.`);
    const at = now.toISOString();
    const withdrawn = await endProposal(tx, proposal, { status: 'withdrawn', decidedById: actor.userId, decidedAt: at });
    await recordAudit(tx, actor, { action: 'finding.waiver_withdrawn', entityType: 'finding', entityId: finding.id, before: { proposal: proposal.id, status: 'open' }, after: { proposal: proposal.id, status: 'withdrawn' } });
    await settleNews(tx, 'finding.waiver_proposed', proposal.id, 'everyone', now);
    return withdrawn;
  });
}

/**
 * Open proposals on active findings, oldest first, up to `limit` (`more` when there were others), that concern this
 * person: those they made, and those they may decide (never one on a finding they ever owned). The inbox's decisions.
 */
export async function openWaiverProposals(userId: string, limit: number) {
  const rows = await getDb()
    .select({ id: waiverProposals.id, findingId: waiverProposals.findingId, proposedById: waiverProposals.proposedById, printedName: waiverProposals.printedName, expiresOn: waiverProposals.expiresOn, signedAt: waiverProposals.signedAt, number: findings.number, title: findings.title, severity: findings.severity, ownerId: findings.ownerId })
    .from(waiverProposals)
    .innerJoin(findings, eq(findings.id, waiverProposals.findingId))
    .where(and(eq(waiverProposals.status, 'open'), inArray(findings.status, ACTIVE_FINDING_STATUSES)))
    .orderBy(asc(waiverProposals.signedAt))
    .limit(limit + 1);
  const concerning = await mapInOrder(rows, async (row) => row.proposedById === userId || !(await findingHistory(getDb(), { id: row.findingId, ownerId: row.ownerId, severity: row.severity })).pastOwnerIds.has(userId));
  const items = rows.filter((_, i) => concerning[i]);
  return { items: items.slice(0, limit), more: items.length > limit };
}
