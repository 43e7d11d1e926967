import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb, returnedRow, withTransaction, type Tx } from '@/db';
import { findings, SEVERITIES, userRoles } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { reauthenticate, settleReauthentication } from '@/lib/auth/reauthenticate';
import { Conflict, Forbidden, Invalid } from '@/lib/errors';
import { isBlank } from '@/lib/http/well-formed';
import { emitEvent } from '@/lib/notify/emit-event';
import { humanize } from '@/lib/words';
import { findingHistory } from './finding-history';
import { assertAssignable, isFinal, loadFinding, whyWordsFixed, type FindingRow } from './finding-records';
import { resolveFindingSubject } from './finding-subject';
import { dueDateFor, findingRef } from './raise-finding';
import type { UpdateFindingInput } from './schemas';
import { FINDING_SIGNING, needsSignature } from './signing';
import { REWORDED_SINCE_PROPOSED, voidOpenProposal } from './void-waiver-proposal';

/** The work moves: forward while fixing, and back from validation when the fix did not hold. */
const MOVES: Partial<Record<FindingRow['status'], readonly FindingRow['status'][]>> = {
  open: ['in_remediation'],
  in_remediation: ['ready_for_validation'],
  ready_for_validation: ['in_remediation'],
};

function changesOf(finding: FindingRow, input: UpdateFindingInput) {
  const fields = ['title', 'description', 'remediationPlan', 'ownerId', 'severity', 'status'] as const;
  return Object.fromEntries(fields.filter((f) => input[f] !== undefined && input[f] !== finding[f]).map((f) => [f, input[f]])) as Partial<FindingRow>;
}

const rank = (severity: FindingRow['severity']) => SEVERITIES.indexOf(severity);

/**
 * Lowering a high or critical finding would lower the bar for closing it, so it is signed: a reason, the password
 * again (failures audited), by a risk officer who never owned the finding, never with an API token. Answers the
 * re-authentication, which the writing transaction settles.
 */
async function reauthenticateLowering(actor: Actor, finding: FindingRow, input: UpdateFindingInput) {
  if (!actor.roles.includes('risk_officer')) throw new Forbidden('Only a risk officer changes a finding’s severity.');
  if (actor.type !== 'user') throw new Forbidden('API tokens never lower a high or critical finding’s severity; do it in the browser, with your password.');
  if ((await findingHistory(getDb(), finding)).pastOwnerIds.has(actor.userId)) throw new Forbidden('You own or have owned this finding; a risk officer who never owned it must lower its severity.');
  const missing = [...(input.severityReason ? [] : [{ path: 'severityReason', message: 'Say why the finding is less severe.' }]), ...(input.password ? [] : [{ path: 'password', message: 'Required.' }])];
  if (missing.length > 0) throw new Invalid(`Lowering a ${finding.severity} finding needs a reason and your password.`, missing);
  return await reauthenticate(actor, input.password!, FINDING_SIGNING.downgrade(finding.id));
}

/** Whether the change lowers a severity that only a signed, reasoned change may lower. */
const isSignedLowering = (finding: FindingRow, input: UpdateFindingInput) => input.severity !== undefined && rank(input.severity) > rank(finding.severity) && needsSignature(finding.severity);

/**
 * The owner (or risk and security) edits a finding and moves its work along. Only a risk officer changes its
 * severity, which recomputes the due date from the policy, counted from when it was raised. Conditional update.
 */
export async function updateFinding(actor: Actor, id: string, input: UpdateFindingInput, now = new Date()) {
  const db = getDb();
  const before = await loadFinding(db, id);
  assertCan(actor, 'finding.update', { ownerIds: [before.ownerId] });
  const lowering = isSignedLowering(before, input);
  const proof = lowering ? await reauthenticateLowering(actor, before, input) : null;
  return await withTransaction(async (tx) => {
    const finding = await loadFinding(tx, id);
    // Judged again on the finding as the transaction reads it: a repeat may have made it critical, or a reassignment
    // taken it from this person, since the first read.
    assertCan(actor, 'finding.update', { ownerIds: [finding.ownerId] });
    if (isSignedLowering(finding, input) !== lowering) throw new Conflict('The finding’s severity changed meanwhile. Reload the page.');
    if (proof) {
      if (finding.updatedAt !== before.updatedAt) throw new Conflict('The finding changed meanwhile. Reload the page.');
      await settleReauthentication(tx, FINDING_SIGNING.downgrade(id), proof, { role: 'risk_officer' });
    }
    if (isFinal(finding.status)) throw new Conflict(`${findingRef(finding.number)} is ${humanize(finding.status).toLowerCase()}; it can no longer be changed.`);
    const changes = changesOf(finding, input);
    if (Object.keys(changes).length === 0) return finding;
    const wordsFixed = changes.title !== undefined || changes.description !== undefined ? whyWordsFixed(actor, finding) : null;
    if (wordsFixed && finding.type !== 'approval_condition') throw new Forbidden(wordsFixed);
    if (wordsFixed) throw new Conflict(wordsFixed, [...(changes.title !== undefined ? [{ path: 'title', message: 'Set by the approval.' }] : []), ...(changes.description !== undefined ? [{ path: 'description', message: 'Set by the approval.' }] : [])]);
    if (changes.status && !MOVES[finding.status]?.includes(changes.status)) {
      throw new Conflict(`A finding that is ${humanize(finding.status).toLowerCase()} cannot move to ${humanize(changes.status).toLowerCase()}.`);
    }
    // What the risk officer validates is what the plan says was done: no plan, nothing to validate; nor may the plan
    // of a finding awaiting validation be emptied.
    if ((changes.status ?? finding.status) === 'ready_for_validation' && isBlank(changes.remediationPlan ?? finding.remediationPlan)) {
      throw new Invalid(`${findingRef(finding.number)} needs its remediation plan before it is ready for validation: the risk officer validates what it says was done.`, [
        { path: 'remediationPlan', message: 'Write what was done, and how to check it.' },
      ]);
    }
    if (changes.severity) {
      if (!actor.roles.includes('risk_officer')) throw new Forbidden('Only a risk officer changes a finding’s severity.');
      const subject = await resolveFindingSubject(tx, finding.subjectType, finding.subjectId);
      changes.dueDate = await dueDateFor(tx, subject.riskTier, changes.severity, new Date(finding.createdAt));
    }
    if (changes.ownerId) await assertAssignable(tx, changes.ownerId);
    const at = now.toISOString();
    const updated = returnedRow(await tx
      .update(findings)
      .set({ ...changes, updatedAt: at })
      .where(and(eq(findings.id, id), eq(findings.status, finding.status), eq(findings.updatedAt, finding.updatedAt)))
      .returning());
    if (!updated) throw new Conflict('The finding changed meanwhile. Reload the page.');
    const beforeFields = Object.fromEntries(Object.keys(changes).map((k) => [k, finding[k as keyof FindingRow]]));
    // A proposal to accept the risk was signed on what the finding said: new words or a new severity leave it nothing to approve.
    const reworded = changes.title !== undefined || changes.description !== undefined || changes.severity !== undefined;
    const voidedProposalId = reworded ? await voidOpenProposal(tx, id, at, REWORDED_SINCE_PROPOSED) : null;
    const changed = lowering ? { ...changes, severityReason: input.severityReason } : changes;
    const after = voidedProposalId ? { ...changed, voidedProposalId } : changed;
    await recordAudit(tx, actor, { action: changes.status ? 'finding.status_changed' : 'finding.updated', entityType: 'finding', entityId: id, before: beforeFields, after });
    await tell(tx, actor, finding, updated, now);
    return updated;
  });
}

/** A new owner hears it is theirs; a status move is told to the owner, and to the risk officers when it awaits validation. */
async function tell(tx: Tx, actor: Actor, before: FindingRow, after: FindingRow, now: Date) {
  const ref = findingRef(after.number);
  const base = { href: `/findings/${after.id}`, entityType: 'finding', entityId: after.id };
  if (after.ownerId !== before.ownerId) {
    await emitEvent(tx, { ...base, type: 'finding.assigned', title: `${ref} ${after.title} (${after.severity}) is assigned to you, due ${after.dueDate}`, recipients: [after.ownerId], data: { number: after.number, severity: after.severity, dueDate: after.dueDate, previousOwnerId: before.ownerId } }, now);
  }
  if (after.status !== before.status) {
    const validators = after.status === 'ready_for_validation' ? (await tx.select({ userId: userRoles.userId }).from(userRoles).where(eq(userRoles.role, 'risk_officer'))).map((r) => r.userId) : [];
    const recipients = [after.ownerId, ...validators].filter((userId) => userId !== actor.userId);
    await emitEvent(tx, { ...base, type: 'finding.status_changed', title: `${ref} ${after.title} is now ${humanize(after.status).toLowerCase()}`, recipients, data: { number: after.number, from: before.status, to: after.status } }, now);
  }
}
