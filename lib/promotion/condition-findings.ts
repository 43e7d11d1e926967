import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { first, type Db, type Tx } from '@/db';
import { findings, promotionRequests, reviews, signatures as signaturesTable, type FindingStatus } from '@/db/schema';
import type { AuditActor } from '@/lib/auth/actor';
import { findingRef, raiseFindingInTx } from '@/lib/findings/raise-finding';
import { firstWords, humanize } from '@/lib/words';

type Signature = typeof signaturesTable.$inferSelect;

/** The finding that tracks one signature's conditions: one per conditional approval, found again by this key. */
export const conditionFindingKey = (signatureId: string) => `approval-condition:${signatureId}`;

/** A condition is the signer's words: the person it binds works on it, but does not rewrite it. */
export const CONDITION_WORDS_FIXED = 'The title and description of an approval condition are the signer’s words and are not edited; write what was done in the remediation plan.';
/** A condition was validly set by a signed approval: it is met (closed as fixed) or its risk accepted, never invalid. */
export const CONDITION_NOT_INVALID = 'An approval condition was set by a signed approval: close it as fixed once it is met, or accept its risk with a signed waiver; it is not closed as invalid.';

/** How a condition's finding reads beside it: "F-12, in remediation, due 2027-03-01". */
export type ConditionFinding = { id: string; ref: string; status: FindingStatus; dueDate: string };

/**
 * The findings tracking these signatures' conditions, by signature id. A signature without conditions, or whose request
 * was never approved, has none.
 */
export async function conditionFindingsOf(db: Db | Tx, signatureIds: readonly string[]): Promise<Map<string, ConditionFinding>> {
  if (signatureIds.length === 0) return new Map();
  const bySignature = new Map(signatureIds.map((id) => [conditionFindingKey(id), id]));
  const rows = await db
    .select({ id: findings.id, number: findings.number, status: findings.status, dueDate: findings.dueDate, key: findings.dedupeKey })
    .from(findings)
    .where(and(eq(findings.type, 'approval_condition'), inArray(findings.dedupeKey, [...bySignature.keys()])));
  return new Map(rows.map((r) => [bySignature.get(r.key!)!, { id: r.id, ref: findingRef(r.number), status: r.status, dueDate: r.dueDate }]));
}

/** The finding that tracks a signed review's conditions: one per review that continues on conditions. */
export const reviewConditionKey = (reviewId: string) => `review-condition:${reviewId}`;

/** The signed approval or review whose conditions a finding of type `approval_condition` tracks: a link to it, and who set them. */
export async function settingApproval(db: Db | Tx, finding: { type: string; dedupeKey: string | null }) {
  if (finding.type !== 'approval_condition' || !finding.dedupeKey) return null;
  const [approval, review] = [conditionFindingKey(''), reviewConditionKey('')];
  if (finding.dedupeKey.startsWith(approval)) {
    const row = first(await db
      .select({ requestId: signaturesTable.requestId, printedName: signaturesTable.printedName, role: signaturesTable.role, signedAt: signaturesTable.signedAt, targetStage: promotionRequests.targetStage })
      .from(signaturesTable)
      .innerJoin(promotionRequests, eq(promotionRequests.id, signaturesTable.requestId))
      .where(eq(signaturesTable.id, finding.dedupeKey.slice(approval.length)))
      .limit(1));
    return row ? { href: `/approvals/${row.requestId}`, what: `the approval to ${row.targetStage}`, printedName: row.printedName, role: row.role, signedAt: row.signedAt } : null;
  }
  if (finding.dedupeKey.startsWith(review)) {
    const row = first(await db.select().from(reviews).where(eq(reviews.id, finding.dedupeKey.slice(review.length))).limit(1));
    return row ? { href: `/systems/${row.systemId}/reviews/${row.id}`, what: `the ${row.kind} review`, printedName: row.printedName, role: row.role, signedAt: row.signedAt } : null;
  }
  return null;
}

/**
 * A review signed "continue with conditions" puts them on record as a finding of type `approval_condition` on the
 * system, owned by its owner and due by the policy's medium-severity deadline, as an approval's conditions are: the
 * next review is years away, and a condition read once is a condition forgotten. In the signing transaction.
 */
export async function trackReviewConditions(tx: Tx, actor: AuditActor, review: typeof reviews.$inferSelect, systemName: string, now: Date) {
  if (review.outcome !== 'continue_with_conditions' || !review.conditions.trim()) return null;
  return await raiseConditionFinding(tx, actor, {
    title: `Condition of the ${review.kind} review of ${systemName}: ${review.conditions}`,
    setBy: `${review.printedName}, as ${humanize(review.role)}, signed the ${review.kind} review of ${systemName} on ${review.signedAt.slice(0, 10)}: it continues on these conditions:`,
    conditions: review.conditions, systemId: review.systemId, dedupeKey: reviewConditionKey(review.id),
  }, now);
}

/** One finding of type `approval_condition` on a system, due by the policy's medium-severity deadline, in the words of whoever set it. */
async function raiseConditionFinding(tx: Tx, actor: AuditActor, c: { title: string; setBy: string; conditions: string; systemId: string; dedupeKey: string; raisedById?: string }, now: Date) {
  const { finding } = await raiseFindingInTx(tx, actor, {
    type: 'approval_condition',
    severity: 'medium',
    title: firstWords(c.title, 160),
    description: [c.setBy, c.conditions, 'Show that they are met, with evidence, then mark this finding ready for validation; a risk officer who never owned it closes it.'].join('\n\n'),
    subjectType: 'system',
    subjectId: c.systemId,
    source: 'approval',
    dedupeKey: c.dedupeKey,
    ...(c.raisedById ? { raisedById: c.raisedById } : {}),
  }, now);
  return finding;
}

type Approved = {
  /** Every signature of the request, the one that completed it included. */
  signed: Signature[];
  version: { version: string };
  model: string;
  systemId: string;
  targetStage: string;
};

/**
 * When a request is approved, each approval that carried conditions becomes a finding of type `approval_condition` on
 * the version's system, owned by its owner and due by the policy's medium-severity deadline: conditions are then worked,
 * shown ready for validation and closed by someone independent, like any finding, instead of being read once. A request
 * rejected or withdrawn raises none: its conditions never came into force. In the approving transaction.
 */
export async function trackApprovalConditions(tx: Tx, actor: AuditActor, approved: Approved, now: Date) {
  const conditional = approved.signed.filter((s) => s.decision === 'approve' && s.conditions);
  const raised = [];
  for (const s of conditional) {
    const what = `${approved.model} ${approved.version.version} → ${approved.targetStage}`;
    // On the system, not the version: they bind its use, and the version's card stays the one they signed. Raised on
    // behalf of the signer who set them; the audit names whose signature approved the request.
    raised.push(await raiseConditionFinding(tx, actor, {
      title: `Condition of approval (${what}): ${s.conditions}`,
      setBy: `${s.printedName}, as ${humanize(s.role)}, approved ${what} on ${s.signedAt.slice(0, 10)} on these conditions:`,
      conditions: s.conditions, systemId: approved.systemId, dedupeKey: conditionFindingKey(s.id), raisedById: s.signerId,
    }, now));
  }
  return raised;
}
