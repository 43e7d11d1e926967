import 'server-only';
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { first, only, returnedRow, type Tx } from '@/db';
import { findings, SEVERITIES, type FindingSource, type FindingSubject, type FindingType, type Severity } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { AuditActor } from '@/lib/auth/actor';
import { emitEvent } from '@/lib/notify/emit-event';
import { currentPolicy } from '@/lib/promotion/policy-queries';
import { addReviewTrigger } from '@/lib/reviews/add-review-trigger';
import { FINDING_DEADLINE_DEFAULTS, isoDateAfter } from './deadlines';
import { endExceededWaiver } from './end-exceeded-waiver';
import { resolveFindingSubject } from './finding-subject';
import { REWORDED_SINCE_PROPOSED, voidOpenProposal } from './void-waiver-proposal';

export type RaiseFindingInput = {
  type: FindingType;
  severity: Severity;
  title: string;
  description: string;
  remediationPlan?: string;
  subjectType: FindingSubject;
  subjectId: string;
  /** Null: the subject's owner. */
  ownerId?: string | null;
  source: FindingSource;
  /** A recurring problem's identity (`monitoring:<versionId>:<metric>:<feature>`): a repeat updates the active finding. */
  dedupeKey?: string | null;
  /** Who it is raised on behalf of, when not the actor (the signer whose conditions it tracks); the actor is audited. */
  raisedById?: string;
};

/** Finding references read "F-12". */
export const findingRef = (number: number) => `F-${number}`;

const rank = (s: Severity) => SEVERITIES.indexOf(s);
const ACTIVE_OR_ACCEPTED = ['open', 'in_remediation', 'ready_for_validation', 'accepted'] as const;

/** The due date from the severity deadline of the subject's tier (its production policy), or the defaults. */
export async function dueDateFor(tx: Tx, riskTier: string | null, severity: Severity, now: Date) {
  const policy = riskTier && riskTier !== 'prohibited' ? await currentPolicy(tx, riskTier as 'high', 'production') : undefined;
  const days = policy?.rules.findingDeadlineDays?.[severity] ?? FINDING_DEADLINE_DEFAULTS[severity];
  return isoDateAfter(now, days);
}

/**
 * Raises a finding inside the caller's transaction, audited, and tells its owner. With a dedupe key, a repeat of a
 * problem that already has an active (or accepted) finding counts another occurrence there instead, and raises its
 * severity if the repeat is worse. A critical finding makes its system's review due now.
 */
export async function raiseFindingInTx(tx: Tx, actor: AuditActor, input: RaiseFindingInput, now = new Date()) {
  const subject = await resolveFindingSubject(tx, input.subjectType, input.subjectId);
  const at = now.toISOString();
  if (input.dedupeKey) {
    const existing = first(await tx
      .select()
      .from(findings)
      .where(and(eq(findings.dedupeKey, input.dedupeKey), isNotNull(findings.dedupeKey), inArray(findings.status, ACTIVE_OR_ACCEPTED))).limit(1));
    if (existing) {
      // A worse repeat takes the worse severity, its title and description (the figure and rule it now breaks) and
      // the earlier of the two due dates.
      const worse = rank(input.severity) < rank(existing.severity);
      const severity = worse ? input.severity : existing.severity;
      const escalation = worse ? { title: input.title, description: input.description, dueDate: [existing.dueDate, await dueDateFor(tx, subject.riskTier, severity, now)].sort()[0]! } : {};
      const updated = returnedRow(await tx
        .update(findings)
        .set({ occurrences: existing.occurrences + 1, lastSeenAt: at, severity, ...escalation, updatedAt: at })
        .where(eq(findings.id, existing.id))
        .returning());
      // A proposal to accept the risk was signed on what the finding said; a worse repeat rewrites that (update-finding.ts).
      const voidedProposalId = worse ? await voidOpenProposal(tx, existing.id, at, REWORDED_SINCE_PROPOSED) : null;
      await recordAudit(tx, actor, {
        action: 'finding.recurred',
        entityType: 'finding',
        entityId: updated.id,
        before: { occurrences: existing.occurrences, severity: existing.severity, ...(worse ? { title: existing.title, description: existing.description, dueDate: existing.dueDate } : {}) },
        // What this occurrence reported (a worse one's is its new description): the finding's own text keeps the first.
        after: { occurrences: updated.occurrences, severity, ...escalation, lastSeenAt: at, ...(worse || input.description === existing.description ? {} : { reported: input.description }), ...(voidedProposalId ? { voidedProposalId } : {}) },
      });
      const finding = worse && existing.status === 'accepted' ? await endExceededWaiver(tx, actor, updated, existing.severity, findingRef(updated.number), now) : updated;
      if (worse && severity === 'critical' && subject.systemId) {
        await addReviewTrigger(tx, actor, { systemId: subject.systemId, reason: 'critical_finding', detail: `Finding ${findingRef(finding.number)} became critical: ${finding.title}`, entityType: 'finding', entityId: finding.id }, now);
      }
      await emitEvent(tx, { type: 'finding.recurred', title: `${findingRef(finding.number)} ${finding.title} happened again (${finding.occurrences} times)${worse ? `, now ${severity}, due ${finding.dueDate}` : ''}`, href: `/findings/${finding.id}`, entityType: 'finding', entityId: finding.id, recipients: [finding.ownerId], data: { number: finding.number, severity, occurrences: finding.occurrences } }, now);
      return { finding, created: false as const };
    }
  }
  const number = (first(await tx.select({ max: sql<number | null>`max(${findings.number})` }).from(findings).limit(1))?.max ?? 0) + 1;
  const ownerId = input.ownerId ?? subject.ownerId;
  if (!ownerId) throw new Error(`The ${input.subjectType} ${input.subjectId} has no owner to assign the finding to.`);
  const finding = only(await tx
    .insert(findings)
    .values({
      number,
      type: input.type,
      severity: input.severity,
      title: input.title,
      description: input.description,
      remediationPlan: input.remediationPlan ?? '',
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      systemId: subject.systemId,
      ownerId,
      dueDate: await dueDateFor(tx, subject.riskTier, input.severity, now),
      source: input.source,
      dedupeKey: input.dedupeKey ?? null,
      lastSeenAt: at,
      raisedById: input.raisedById ?? (actor.type === 'system' ? null : actor.userId),
      createdAt: at,
      updatedAt: at,
    })
    .returning());
  await recordAudit(tx, actor, { action: 'finding.raised', entityType: 'finding', entityId: finding.id, after: finding });
  await emitEvent(tx, { type: 'finding.raised', title: `${findingRef(number)} ${finding.title} (${finding.severity}) is assigned to you, due ${finding.dueDate}`, href: `/findings/${finding.id}`, entityType: 'finding', entityId: finding.id, recipients: [ownerId], data: { number, type: finding.type, severity: finding.severity, subjectType: finding.subjectType, subjectId: finding.subjectId, dueDate: finding.dueDate } }, now);
  if (finding.severity === 'critical' && subject.systemId) {
    await addReviewTrigger(tx, actor, { systemId: subject.systemId, reason: 'critical_finding', detail: `Critical finding ${findingRef(number)}: ${finding.title}`, entityType: 'finding', entityId: finding.id }, now);
  }
  return { finding, created: true as const };
}
