import 'server-only';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can } from '@/lib/auth/permissions';
import { awaitedWords } from '@/lib/dashboard/awaited-roles';
import { awaitingSignature } from '@/lib/dashboard/awaiting-signature';
import { ownOpenRequests } from '@/lib/dashboard/own-open-requests';
import { ownFindingsByDue } from '@/lib/dashboard/finding-queues';
import { seriousIncidentsDue } from '@/lib/dashboard/incident-queues';
import { reviewsDue } from '@/lib/dashboard/reviews-due';
import { isoDateAfter } from '@/lib/findings/deadlines';
import { findingRef } from '@/lib/findings/raise-finding';
import { policyName } from '@/lib/promotion/policy-changes';
import { openPolicyProposals } from '@/lib/promotion/policy-queries';
import { decisionFor, pendingRoleGrants } from '@/lib/users/role-grant-queries';
import { CONFIRMER } from '@/lib/inventory/tier-confirmation';
import { tiersToConfirm } from '@/lib/inventory/tiers-to-confirm';
import { openWaiverProposals } from '@/lib/findings/waiver-proposals';
import { humanize, inWords, plural } from '@/lib/words';

/** A finding shows in the inbox once it is due within this many days (and stays while overdue). */
export const FINDING_HORIZON_DAYS = 14;
/** A serious incident's report shows once its Art. 73 deadline is this close (the shortest clock is 2 days). */
export const INCIDENT_HORIZON_DAYS = 7;
/** Each kind of action item is capped; the inbox links to the full list beyond it. */
export const ACTION_ITEMS_PER_KIND = 25;

export type ActionItem = {
  /** Stable across renders: kind and record id. */
  key: string;
  kind: 'finding' | 'review' | 'signature' | 'incident' | 'policy' | 'role' | 'tier' | 'request' | 'waiver';
  title: string;
  href: string;
  detail: string;
  /** The date the item is due (YYYY-MM-DD or a full ISO time), or for a signature request or a policy change when it was opened. */
  date: string;
  overdue: boolean;
};

/**
 * What the person must act on now, computed from the records each time, so an item leaves the moment it is done:
 * their findings due within 14 days or overdue; reviews due or overdue (all systems' for a risk officer, who signs
 * them); requests awaiting their signature; serious incidents whose report is due within 7 days or late (their
 * own; all of them for a risk officer); policy changes awaiting a risk officer's approval; roles awaiting the
 * confirmation of someone who holds them; limited and minimal tiers awaiting a risk officer's confirmation; proposals to
 * accept a critical finding's risk awaiting a second risk officer. Overdue first, then by date. `comingUp` holds what concerns them but is
 * someone else's to do: an owner who cannot sign reviews sees their systems' reviews due or within 30 days there, an
 * admin their own policy changes awaiting approval, the giver, the person and blocked holders a waiting role, and a
 * requester their open promotion requests (one that can no longer be signed is theirs to act on).
 */
export async function actionItems(actor: Actor, now = new Date()): Promise<{ items: ActionItem[]; comingUp: ActionItem[]; truncated: boolean }> {
  assertCan(actor, 'inventory.read');
  const today = now.toISOString().slice(0, 10);
  const riskOfficer = actor.roles.includes('risk_officer');
  const limit = ACTION_ITEMS_PER_KIND;
  const items: ActionItem[] = [];

  const findings = await findingItems(actor, now);
  items.push(...findings.items);

  // Overdue and due-now reviews come first in reviewsDue, then those within its horizon: only a signer acts on one.
  const signsReviews = can(actor, 'review.sign');
  const allReviews = await reviewsDue(actor, now, { limit, ownerId: riskOfficer ? undefined : actor.userId });
  const reviews = signsReviews ? allReviews.filter((s) => s.status === 'overdue' || s.status === 'due_now') : allReviews;
  const comingUp: ActionItem[] = [];
  for (const s of reviews) {
    const triggered = s.openTriggers > 0 ? `${plural(s.openTriggers, 'open trigger')}, ${s.status === 'overdue' ? 'review overdue' : 'review due now'}` : null;
    const why = triggered ?? (s.status === 'overdue' ? 'periodic review overdue' : s.status === 'due_now' ? 'periodic review due today' : 'periodic review coming up');
    const who = signsReviews ? '' : '; a risk officer signs it, so have its evidence ready';
    // Due by its date or the earliest day an open trigger set (the policy's window for triggered reviews), whichever comes first.
    const date = s.dueBy ?? today;
    (signsReviews ? items : comingUp).push({ key: `review:${s.id}`, kind: 'review', title: `Review of ${s.name}`, href: `/systems/${s.id}/reviews`, detail: `${humanize(s.riskTier)} risk system owned by ${s.ownerName}; ${why}${who}`, date, overdue: s.status === 'overdue' });
  }

  const signing = actor.type === 'user' && can(actor, 'promotion.sign') ? await awaitingSignature(actor, limit) : { items: [], total: 0 };
  for (const r of signing.items) {
    const item = { key: `signature:${r.id}`, kind: 'signature' as const, href: `/approvals/${r.id}`, date: r.createdAt, overdue: false };
    // Not work for a signer while it cannot be signed: it waits on its requester to withdraw and renew it.
    if (r.changed) comingUp.push({ ...item, title: `${r.modelName} ${r.version} → ${r.targetStage}: can no longer be signed`, detail: `${humanize(inWords(r.changed))} changed since submission; it waits on ${r.requester} to withdraw and renew it` });
    else items.push({ ...item, title: `Sign ${r.modelName} ${r.version} → ${r.targetStage}`, detail: `Requested by ${r.requester}; needs you as ${r.myRoles.map(humanize).join(' or ')}` });
  }

  const decisions = await decisionItems(actor);
  items.push(...decisions.items);
  comingUp.push(...decisions.comingUp);

  // The person's own open requests wait on signers; one that can no longer be signed is theirs to withdraw and renew.
  const requests = can(actor, 'promotion.request') ? await ownOpenRequests(actor, limit) : [];
  for (const r of requests) {
    const item = { key: `request:${r.id}`, kind: 'request' as const, href: `/approvals/${r.id}`, date: r.createdAt, overdue: false };
    const what = `${r.modelName} ${r.version} → ${r.targetStage}`;
    if (r.changed) items.push({ ...item, title: `Withdraw and renew your request ${what}`, detail: `${humanize(inWords(r.changed))} changed since you submitted it, so it can no longer be signed` });
    else comingUp.push({ ...item, title: `Your request ${what}`, detail: `${awaitedWords(r.awaited)}${r.signedBy.length ? `; signed by ${r.signedBy.join(', ')}` : ''}` });
  }

  const dueBy = new Date(now.getTime() + INCIDENT_HORIZON_DAYS * 86_400_000).toISOString();
  const incidents = await seriousIncidentsDue(actor, now, { dueBy, limit, ownerId: riskOfficer ? undefined : actor.userId });
  for (const i of incidents.items) {
    items.push({ key: `incident:${i.id}`, kind: 'incident', title: `Report ${i.reference} ${i.title}`, href: `/incidents/${i.id}`, detail: i.countdown, date: i.reportDeadline!, overdue: i.clock.overdue });
  }

  const byUrgency = (a: ActionItem, b: ActionItem) => Number(b.overdue) - Number(a.overdue) || a.date.localeCompare(b.date);
  // Only lists that feed the actions cut them short: an owner's reviews and a requester's requests wait on others.
  const truncated = findings.more || signing.total > signing.items.length || incidents.total > incidents.items.length || (signsReviews && reviews.length >= limit) || decisions.more;
  return { items: items.sort(byUrgency), comingUp: comingUp.sort(byUrgency), truncated };
}

/** The person's findings due within FINDING_HORIZON_DAYS or overdue, as action items; `more` when the list was cut. */
export async function findingItems(actor: Actor, now = new Date()): Promise<{ items: ActionItem[]; more: boolean }> {
  const today = now.toISOString().slice(0, 10);
  const findings = await ownFindingsByDue(actor, today, { limit: ACTION_ITEMS_PER_KIND, dueBy: isoDateAfter(now, FINDING_HORIZON_DAYS) });
  const items = findings.items.map((f): ActionItem => ({ key: `finding:${f.id}`, kind: 'finding', title: `${findingRef(f.number)} ${f.title}`, href: `/findings/${f.id}`, detail: `${humanize(f.severity)} finding, ${humanize(f.status).toLowerCase()}`, date: f.dueDate, overdue: f.dueDate < today }));
  return { items, more: findings.total > findings.items.length };
}

/** The decisions that wait on someone who holds a role (a policy change, a role, a risk tier, a risk to accept), and what the person waits on others for. */
export async function decisionItems(actor: Actor): Promise<{ items: ActionItem[]; comingUp: ActionItem[]; more: boolean }> {
  const limit = ACTION_ITEMS_PER_KIND;
  const items: ActionItem[] = [];
  const comingUp: ActionItem[] = [];
  // A change to a policy waits for a risk officer other than its proposer; the proposer sees it coming up.
  for (const { proposal: p, proposer } of actor.type === 'user' ? await openPolicyProposals(actor) : []) {
    const policy = policyName(p);
    const href = `/admin/policies#proposal-${p.id}`;
    if (p.proposedById !== actor.userId && can(actor, 'policy.approve')) items.push({ key: `policy:${p.id}`, kind: 'policy', title: `Decide on the change to the ${policy} policy`, href, detail: `Proposed by ${proposer}; not in force until a risk officer approves it`, date: p.createdAt, overdue: false });
    else if (p.proposedById === actor.userId) comingUp.push({ key: `policy:${p.id}`, kind: 'policy', title: `Your change to the ${policy} policy`, href, detail: 'Awaits a risk officer’s approval', date: p.createdAt, overdue: false });
  }

  // A signing or administering role waits for someone else who holds it; its giver and its person see it coming up.
  for (const row of actor.type === 'user' ? await pendingRoleGrants() : []) {
    const { grant: g, person, grantedBy } = row;
    const role = humanize(g.role).toLowerCase();
    const item = { key: `role:${g.id}`, kind: 'role' as const, href: '/role-grants', date: g.createdAt, overdue: false };
    const given = {
      given: `Given by ${grantedBy}`,
      password_reset: `Suspended when ${grantedBy} reset their password`,
      reenabled: `Waiting since ${grantedBy} enabled them again`,
      upgrade: `Held before own passwords with one ${grantedBy} chose`,
    }[g.reason];
    const decision = decisionFor(actor, row);
    if (decision.may) items.push({ ...item, title: `Confirm ${person.name} as ${role}`, detail: `${given}; not in force until someone who holds the role confirms it` });
    else if (g.grantedById === actor.userId) comingUp.push({ ...item, title: `${person.name} as ${role}`, detail: `You gave it; awaits another ${role}’s confirmation` });
    else if (g.userId === actor.userId) comingUp.push({ ...item, title: `Your ${role} role`, detail: `${given}; in force once another ${role} confirms it` });
    else if (decision.holder) comingUp.push({ ...item, title: `${person.name} as ${role}`, detail: `${given}; ${decision.why.toLowerCase()} before you can confirm it` });
  }

  // Accepting a risk that was ever critical waits for a second risk officer; the proposer sees it coming up.
  const proposals = can(actor, 'finding.waive') ? await openWaiverProposals(actor.userId, limit) : { items: [], more: false };
  for (const p of proposals.items) {
    const item = { key: `waiver:${p.id}`, kind: 'waiver' as const, href: `/findings/${p.findingId}#waiver-proposal`, date: p.signedAt, overdue: false };
    const what = `${findingRef(p.number)} ${p.title}`;
    if (p.proposedById === actor.userId) comingUp.push({ ...item, title: `Your proposal to accept the risk of ${what}`, detail: `Until ${p.expiresOn}; in force once a second risk officer approves it` });
    else items.push({ ...item, title: `Decide on accepting the risk of ${what}`, detail: `Proposed by ${p.printedName} until ${p.expiresOn}; a ${p.severity} finding’s risk is accepted by two risk officers` });
  }

  // A limited or minimal tier waits for a risk officer who neither owns nor classified the system; its owner sees it coming up.
  const tiers = await tiersToConfirm(actor, limit);
  for (const s of tiers.toConfirm) {
    items.push({ key: `tier:${s.id}`, kind: 'tier', title: `Confirm the ${s.riskTier} tier of ${s.name}`, href: `/systems/${s.id}#classification`, detail: `Classified by ${s.classifiedBy}, owned by ${s.ownerName}; no version goes to production under the ${s.riskTier} tier’s lighter gate until it is confirmed`, date: s.waitingSince, overdue: false });
  }
  for (const s of tiers.own) {
    comingUp.push({ key: `tier:${s.id}`, kind: 'tier', title: `The ${s.riskTier} tier of ${s.name}`, href: `/systems/${s.id}#classification`, detail: `Awaits ${CONFIRMER}; production waits for it`, date: s.waitingSince, overdue: false });
  }

  return { items, comingUp, more: tiers.more || proposals.more };
}
