import 'server-only';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db';
import { auditEvents, findingWaivers, users, waiverProposals } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can } from '@/lib/auth/permissions';
import { actorName, actorRef, entityKey, resolveEntityNames } from '@/lib/dashboard/entity-names';
import { raisingIncident, seriousIncidentRemediated } from '@/lib/incidents/queries';
import { settingApproval } from '@/lib/promotion/condition-findings';
import { findingHistory } from './finding-history';
import { loadFinding, whyWordsFixed } from './finding-records';
import { daysOverdue } from './queries';
import { findingRef } from './raise-finding';
import { needsSignature } from './signing';
import { subjectLabels } from './subject-labels';
import { approvalMeaning, needsTwoSigners, whyNotDecider, type WaiverProposal } from './waiver-proposals';

const parse = (json: string | null): Record<string, unknown> | null => (json ? (JSON.parse(json) as Record<string, unknown>) : null);

/**
 * Everything about one finding: subject, owner, waivers, closure, and its timeline read from the audit trail
 * (action, who, when), with what the reader may do next.
 */
export async function getFinding(actor: Actor, id: string, now = new Date()) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const finding = await loadFinding(db, id);
  const names = new Map(
    (await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, [finding.ownerId, finding.raisedById, finding.closedById].filter((u): u is string => u !== null)))).map((u) => [u.id, u] as const),
  );
  const personOf = (userId: string | null) => (userId ? (names.get(userId) ?? null) : null);
  const nameOf = (userId: string | null) => personOf(userId)?.name ?? null;
  const waivers = await db.select().from(findingWaivers).where(eq(findingWaivers.findingId, id)).orderBy(asc(findingWaivers.signedAt));
  const proposals = await db.select().from(waiverProposals).where(eq(waiverProposals.findingId, id)).orderBy(asc(waiverProposals.signedAt));
  const openProposal = proposals.find((p) => p.status === 'open') ?? null;
  const events = await db
    .select({ seq: auditEvents.seq, at: auditEvents.at, action: auditEvents.action, actorType: auditEvents.actorType, actorId: auditEvents.actorId, actorLabel: auditEvents.actorLabel, before: auditEvents.before, after: auditEvents.after })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'finding'), eq(auditEvents.entityId, id)))
    .orderBy(asc(auditEvents.seq));
  const actors = await resolveEntityNames(events.map(actorRef).filter((ref) => ref !== null));
  const closure = [...events].reverse().find((e) => e.action === 'finding.closed');
  const evaluationId = closure ? (parse(closure.after)?.evaluationId as string | null | undefined) ?? null : null;
  const active = ['open', 'in_remediation', 'ready_for_validation'].includes(finding.status);
  const late = active ? daysOverdue(finding.dueDate, now) : 0;
  // Whoever ever owned it may not close, accept or lower it; what closing needs follows the worst severity it had.
  const history = await findingHistory(db, finding, events);
  const everOwned = history.pastOwnerIds.has(actor.userId);
  const incident = await raisingIncident(db, finding);
  const approval = await settingApproval(db, finding);
  const mayWaive = active && !everOwned && !incident && can(actor, 'finding.waive');
  const workedRemediation = history.remediatorIds.has(actor.userId);
  const closeAsFixed = finding.status === 'ready_for_validation';
  const closeAsInvalid = !incident && finding.type !== 'approval_condition';
  return {
    ...finding,
    ref: findingRef(finding.number),
    subject: (await subjectLabels(db, [finding]))(finding),
    ownerName: nameOf(finding.ownerId),
    raisedByName: nameOf(finding.raisedById),
    closedByName: nameOf(finding.closedById),
    owner: personOf(finding.ownerId),
    raisedBy: personOf(finding.raisedById),
    closedBy: personOf(finding.closedById),
    closureEvaluationId: evaluationId,
    overdueDays: late > 0 ? late : null,
    signatureToClose: needsSignature(history.highestSeverity),
    everOwned,
    /** This reader wrote its plan or moved it towards validation: someone else validates and closes it. */
    workedRemediation,
    /** The serious incident that raised it, whose finding is remediated: never accepted, never closed as invalid. */
    incident: incident ? { ...incident, remediated: seriousIncidentRemediated(incident.ref) } : null,
    /** For a condition of approval: the approval that set it. */
    approval,
    /** Each waiver with, for one two risk officers signed, the proposal its approval brought into force. */
    waivers: waivers.map((w) => ({ ...w, proposal: proposals.find((p) => p.waiverId === w.id) ?? null })),
    /** A finding that was ever critical has its risk accepted by two risk officers: one proposes, another approves. */
    twoSignersToWaive: needsTwoSigners(history.highestSeverity),
    /** The proposal to accept its risk awaiting a second risk officer, and whether this reader may decide it (or why not). */
    waiverProposal: openProposal && active ? { ...proposalFor(actor, openProposal, history.pastOwnerIds, mayWaive), approvalMeaning: approvalMeaning(finding, openProposal) } : null,
    /** What the latest repeat reported, when it said other than the finding's own text: the figure a waiver is signed on. */
    latestReport: latestReport(events, finding.description),
    timeline: events.map(({ before, after, actorType, actorId, ...event }) => {
      const who = actorRef({ actorType, actorId });
      return { ...event, actorName: actorName({ actorType, actorLabel: event.actorLabel }, who ? actors.get(entityKey(who)) : undefined), detail: timelineDetail(event.action, parse(after), parse(before), finding.title) };
    }),
    may: {
      update: active && can(actor, 'finding.update', { ownerIds: [finding.ownerId] }),
      changeSeverity: active && actor.roles.includes('risk_officer'),
      /** Why this reader may not rewrite the title and description (null: they may). */
      wordsFixed: whyWordsFixed(actor, finding),
      /** Lowering a high or critical severity is signed: a reason and the password. */
      lowerSeveritySigned: needsSignature(finding.severity),
      close: (active || finding.status === 'accepted') && !everOwned && !workedRemediation && can(actor, 'finding.close') && (closeAsInvalid || closeAsFixed),
      /** Closed as fixed only once the owner says it is ready for validation; invalid from any active status, unless a serious incident raised it or an approval set it. Never by whoever worked it. */
      closeAsFixed,
      closeAsInvalid,
      /** Propose (ever critical) or accept the risk: not while a proposal awaits its decision. */
      waive: mayWaive && !openProposal,
    },
  };
}

/** The text the latest repeat reported (raise-finding.ts keeps it on `finding.recurred`), when it differs from the finding's. */
function latestReport(events: { action: string; at: string; after: string | null }[], description: string) {
  const last = events.findLast((e) => e.action === 'finding.recurred');
  const after = last ? parse(last.after) : null;
  const reported = typeof after?.reported === 'string' ? after.reported : null;
  return last && reported && reported !== description ? { at: last.at, text: reported } : null;
}

/** A worse repeat (raise-finding.ts) records the severity and due date it set, beside the ones it replaced. */
function escalation(after: Record<string, unknown>, before: Record<string, unknown> | null) {
  if (typeof after.title !== 'string' || !before || before.severity === after.severity) return '';
  return `; worse than before: severity ${String(after.severity)} (was ${String(before.severity)}), due ${String(after.dueDate)} (was ${String(before.dueDate)})`;
}

/** One line per audit event, in words: what moved, not the stored JSON. */
function timelineDetail(action: string, after: Record<string, unknown> | null, before: Record<string, unknown> | null, titleNow: string): string | null {
  if (!after) return null;
  // A worse repeat since rewrote the title: the raise says what was raised.
  if (action === 'finding.raised' && typeof after.title === 'string' && after.title !== titleNow) return `Raised as “${after.title}”, ${String(after.severity)}, due ${String(after.dueDate)}`;
  if (action === 'finding.status_changed' && typeof after.status === 'string') return `Status: ${after.status.replaceAll('_', ' ')}`;
  if (action === 'finding.closed' && typeof after.status === 'string') return after.status === 'invalid' ? 'Closed as invalid' : 'Closed as fixed';
  if (action === 'finding.recurred' && typeof after.occurrences === 'number') {
    // A worse repeat's report became the finding's description; a milder one's is kept beside it.
    const reported = typeof after.reported === 'string' ? after.reported : null;
    return `Seen again (${after.occurrences} occurrences)${escalation(after, before)}${reported ? `: ${reported}` : ''}`;
  }
  if (action === 'finding.reopened') return typeof after.reason === 'string' ? `Re-opened: ${after.reason}` : 'Re-opened: the accepted risk expired';
  if (action === 'finding.updated') return `Changed: ${Object.keys(after).join(', ')}`;
  if (action === 'finding.waiver_proposed') {
    const proposal = after.proposal as { expiresOn?: unknown } | undefined;
    return typeof proposal?.expiresOn === 'string' ? `Until ${proposal.expiresOn}; awaits a second risk officer` : null;
  }
  if (action === 'finding.waiver_declined' && typeof after.reason === 'string') return after.reason;
  return null;
}

/** The open proposal as this reader sees it: whether they may decide or withdraw it, and why not when they hold the role. */
function proposalFor(actor: Actor, proposal: WaiverProposal, pastOwnerIds: ReadonlySet<string>, mayWaive: boolean) {
  const whyNot = actor.roles.includes('risk_officer') ? whyNotDecider(actor, proposal, pastOwnerIds) : null;
  const mayWithdraw = proposal.proposedById === actor.userId && can(actor, 'finding.waive');
  return { ...proposal, mayDecide: mayWaive && whyNot === null, mayWithdraw, whyNot: mayWithdraw ? null : whyNot };
}
