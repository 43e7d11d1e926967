import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { first, getDb, returnedRow, withTransaction } from '@/db';
import { datasetVersions, evaluations, findings, findingWaivers, models, modelVersions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import { whyEvidenceNeverCounts } from '@/lib/evidence/evidence-counts';
import type { Actor } from '@/lib/auth/actor';
import { assertStillHolds } from '@/lib/users/people-who-may';
import { assertCan } from '@/lib/auth/permissions';
import { reauthenticate, settleReauthentication, type Reauthenticated } from '@/lib/auth/reauthenticate';
import { Conflict, Forbidden, Invalid } from '@/lib/errors';
import { settleNews } from '@/lib/inbox/settle-news';
import { emitEvent } from '@/lib/notify/emit-event';
import { raisingIncident, seriousIncidentRemediated } from '@/lib/incidents/queries';
import { CONDITION_NOT_INVALID } from '@/lib/promotion/condition-findings';
import { humanize } from '@/lib/words';
import { findingHistory, WORKED_REMEDIATION } from './finding-history';
import { isFinal, loadFinding, type FindingRow } from './finding-records';
import { findingRef } from './raise-finding';
import type { CloseFindingInput } from './schemas';
import { voidOpenProposal } from './void-waiver-proposal';
import { FINDING_SIGNING, needsSignature } from './signing';

/** The statement a risk officer signs when closing a high or critical finding. */
export function closureMeaning(finding: Pick<FindingRow, 'number' | 'title'>, outcome: CloseFindingInput['outcome']) {
  const what = `${findingRef(finding.number)} “${finding.title}”`;
  return outcome === 'closed'
    ? `I attest that ${what} is fixed, on the closure evidence given, as Risk officer`
    : `I attest that ${what} is not a valid finding, for the reason given, as Risk officer`;
}

/**
 * The evaluation named as proof must count (active, run on the version's own bytes) and be about the finding's subject:
 * its model version; a model version of its system; or, for a dataset version, run on a version of that dataset.
 */
async function assertEvaluation(finding: FindingRow, evaluationId: string) {
  const evaluation = first(await getDb()
    .select({ modelVersionId: evaluations.modelVersionId, status: evaluations.status, ranOn: evaluations.artifactSha256, versionSha256: modelVersions.artifactSha256, systemId: models.systemId, datasetId: datasetVersions.datasetId })
    .from(evaluations)
    .innerJoin(modelVersions, eq(modelVersions.id, evaluations.modelVersionId))
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .leftJoin(datasetVersions, eq(datasetVersions.id, evaluations.datasetVersionId))
    .where(eq(evaluations.id, evaluationId))
    .limit(1));
  const subjectDataset = finding.subjectType === 'dataset_version' ? first(await getDb().select({ datasetId: datasetVersions.datasetId }).from(datasetVersions).where(eq(datasetVersions.id, finding.subjectId)).limit(1))?.datasetId : undefined;
  const why = evaluation ? whyEvidenceNeverCounts({ status: evaluation.status, artifactSha256: evaluation.ranOn }, evaluation.versionSha256) : null;
  const problem = !evaluation
    ? 'No evaluation with this id.'
    : why === 'other bytes'
      ? "This evaluation ran on other bytes than its version's; it proves nothing."
      : why
        ? `This evaluation was ${why}; it proves nothing.`
        : finding.subjectType === 'model_version'
          ? evaluation.modelVersionId === finding.subjectId ? null : 'This evaluation is of another model version.'
          : finding.subjectType === 'system'
            ? evaluation.systemId === finding.subjectId ? null : 'This evaluation is of a model version of another system.'
            : evaluation.datasetId && evaluation.datasetId === subjectDataset ? null : "This evaluation was not run on a version of the finding's dataset.";
  if (problem) throw new Invalid('The linked evaluation cannot prove this closure.', [{ path: 'evaluationId', message: problem }]);
}

/**
 * Closes a finding as fixed (once validated: ready for validation) or as invalid (from any status, with the reason),
 * by a risk officer who has never owned it. One that was ever high or critical is signed: the password again, the
 * meaning and role stored. The update is conditional on the version the closer saw: a concurrent change is a conflict.
 */
export async function closeFinding(actor: Actor, id: string, input: CloseFindingInput, now = new Date()) {
  assertCan(actor, 'finding.close');
  const seen = await loadFinding(getDb(), id);
  const history = await findingHistory(getDb(), seen);
  if (history.pastOwnerIds.has(actor.userId)) throw new Forbidden('You own or have owned this finding; a risk officer who never owned it must close it.');
  if (isFinal(seen.status)) throw new Conflict(`${findingRef(seen.number)} is already ${seen.status}.`);
  if (input.outcome === 'closed' && seen.status !== 'ready_for_validation') throw new Conflict(`${findingRef(seen.number)} is closed as fixed only once it is ready for validation; it is ${humanize(seen.status).toLowerCase()}.`);
  if (history.remediatorIds.has(actor.userId)) throw new Forbidden(WORKED_REMEDIATION);
  if (input.outcome === 'invalid') {
    const incident = await raisingIncident(getDb(), seen);
    if (incident) throw new Conflict(seriousIncidentRemediated(incident.ref));
    if (seen.type === 'approval_condition') throw new Conflict(CONDITION_NOT_INVALID);
  }
  if (input.evaluationId) await assertEvaluation(seen, input.evaluationId);
  const signed = needsSignature(history.highestSeverity);
  let proof: Reauthenticated | null = null;
  if (signed) {
    if (actor.type !== 'user') throw new Forbidden('API tokens never sign; close this finding in the browser.');
    if (!input.password) throw new Invalid(`Closing a finding that was ever ${history.highestSeverity} is signed: enter your password.`, [{ path: 'password', message: 'Required.' }]);
    proof = await reauthenticate(actor, input.password, FINDING_SIGNING.close(id));
  }
  return await withTransaction(async (tx) => {
    // The permission still held, read once: with the signature's other checks when signed.
    if (proof) await settleReauthentication(tx, FINDING_SIGNING.close(id), proof, { permission: 'finding.close' });
    else if (actor.type === 'user') await assertStillHolds(tx, actor.userId, { permission: 'finding.close' });
    // Again in the transaction: a record retracted while the closer typed their password proves nothing either.
    if (input.evaluationId) await assertEvaluation(seen, input.evaluationId);
    const at = now.toISOString();
    const closed = returnedRow(await tx
      .update(findings)
      .set({
        status: input.outcome,
        closedAt: at,
        closedById: actor.userId,
        closureEvidence: input.closureEvidence,
        closureMeaning: signed ? closureMeaning(seen, input.outcome) : null,
        closureRole: signed ? 'risk_officer' : null,
        updatedAt: at,
      })
      .where(and(eq(findings.id, id), eq(findings.status, seen.status), eq(findings.updatedAt, seen.updatedAt)))
      .returning());
    if (!closed) throw new Conflict(`${findingRef(seen.number)} changed meanwhile (someone else may have closed it). Reload the page.`);
    const proposalVoided = await voidOpenProposal(tx, id, at);
    const waiver = returnedRow(await tx.update(findingWaivers).set({ endedAt: at, endedReason: 'finding_closed' }).where(and(eq(findingWaivers.findingId, id), isNull(findingWaivers.endedAt))).returning({ id: findingWaivers.id }));
    await recordAudit(tx, actor, {
      action: 'finding.closed',
      entityType: 'finding',
      entityId: id,
      before: { status: seen.status },
      after: { status: closed.status, closureEvidence: closed.closureEvidence, evaluationId: input.evaluationId ?? null, closureMeaning: closed.closureMeaning, closureRole: closed.closureRole, endedWaiverId: waiver?.id ?? null, ...(proposalVoided ? { voidedProposalId: proposalVoided } : {}) },
    });
    const ref = findingRef(closed.number);
    // "Ready for validation" and the other moves' news ask nothing more of anyone once the finding is decided.
    await settleNews(tx, 'finding.status_changed', id, 'everyone', now);
    await emitEvent(tx, { type: 'finding.closed', title: `${ref} ${closed.title} was ${closed.status === 'closed' ? 'closed' : 'closed as invalid'} by ${actor.name}`, href: `/findings/${id}`, entityType: 'finding', entityId: id, recipients: [closed.ownerId], data: { number: closed.number, status: closed.status, severity: closed.severity, evaluationId: input.evaluationId ?? null } }, now);
    return closed;
  });
}
