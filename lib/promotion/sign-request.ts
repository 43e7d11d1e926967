import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import type { z } from 'zod';
import { changedRows, first, getDb, only, withTransaction, type Tx } from '@/db';
import { modelVersions, promotionPolicies, promotionRequests, signatures, type PromotionTarget, type Stage } from '@/db/schema';
import { firstWords, humanize, inWords } from '@/lib/words';
import { scheduleFirstReview } from '@/lib/reviews/schedule-first-review';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { reauthenticate, settleReauthentication, type Reauthenticated, type ReauthPurpose } from '@/lib/auth/reauthenticate';
import { Conflict, Forbidden, Invalid, NotFound } from '@/lib/errors';
import { assertSystemLive } from '@/lib/inventory/assert-system-live';
import { gateForVersion } from './gate-context';
import type { ZSignRequestInput } from './schemas';
import { cardChangesSince, staleRequestMessage } from './request-staleness';
import { buildSnapshot } from './snapshot';
import { settleNews } from '@/lib/inbox/settle-news';
import { emitEvent } from '@/lib/notify/emit-event';
import { supersedeOpenRequests } from './supersede-open-requests';
import { versionContext } from './version-context';
import { trackApprovalConditions } from './condition-findings';
import { signatureMeaning, statedConditions } from './signature-words';

type Input = z.output<typeof ZSignRequestInput>;



/** Re-authentication in the signing dialog; a wrong password is filed under the request it was meant to sign. */
const signingReauth = (requestId: string): ReauthPurpose => ({
  activity: 'Signing',
  outcome: 'signed',
  failure: { action: 'promotion.sign_failed', entityType: 'promotion_request', entityId: requestId, after: { reason: 'wrong password' } },
});

/**
 * Moves the version to its new stage; the model's previous production version is archived. Conditional updates.
 * Every other open request of a version that moved is superseded in the same transaction.
 */
async function transition(tx: Tx, actor: Actor, request: typeof promotionRequests.$inferSelect, fromStage: Stage) {
  // One time for the approval and the stage changes it makes: a version archived by it names it (archive-cause.ts).
  const now = new Date().toISOString();
  const closed = await tx.update(promotionRequests).set({ status: 'approved', closedAt: now }).where(and(eq(promotionRequests.id, request.id), eq(promotionRequests.status, 'open')));
  if (changedRows(closed) !== 1) throw new Conflict('The request was closed meanwhile.');
  const version = first(await tx.select().from(modelVersions).where(eq(modelVersions.id, request.modelVersionId)).limit(1))!;
  const archived = request.targetStage === 'production'
    ? await tx.update(modelVersions).set({ stage: 'archived', stageChangedAt: now }).where(and(eq(modelVersions.modelId, version.modelId), eq(modelVersions.stage, 'production'), ne(modelVersions.id, version.id))).returning({ id: modelVersions.id })
    : [];
  const moved = await tx.update(modelVersions).set({ stage: request.targetStage, stageChangedAt: now }).where(and(eq(modelVersions.id, version.id), eq(modelVersions.stage, fromStage)));
  if (changedRows(moved) !== 1) throw new Conflict('The version changed stage meanwhile.');
  const superseded = await supersedeOpenRequests(tx, actor, {
    versionIds: [version.id, ...archived.map((a) => a.id)],
    except: request.id,
    reason: `Request ${request.id} moved version ${version.version} from ${fromStage} to ${request.targetStage}.`,
  });
  const firstReviewDate = request.targetStage === 'production' ? await scheduleFirstReview(tx, (await versionContext(tx, version.id)).system.id) : null;
  return { from: fromStage, to: request.targetStage, archived: archived.map((a) => a.id), superseded, ...(firstReviewDate ? { firstReviewDate } : {}) };
}

/** Where a request may take a version from each stage: forward only; an archived version only by an explicit rollback. */
const FORWARD: Record<Stage, readonly PromotionTarget[]> = { development: ['staging', 'production'], staging: ['production'], production: [], archived: [] };

/**
 * The stage a request was opened from, or null when the request could never legally move its version from there
 * (a backward or sideways move, whatever the row says). Requests older than the column are inferred.
 */
function openedFrom(request: typeof promotionRequests.$inferSelect, stage: Stage): Stage | null {
  const from = request.fromStage ?? (request.expeditedRollback ? 'archived' : stage);
  const legal = request.expeditedRollback ? from === 'archived' : FORWARD[from].includes(request.targetStage);
  return legal ? from : null;
}

/** A signing refused once the signer re-authenticated: the transaction rolls back entirely; the refusal is audited. */
class RefusedSigning extends Conflict {
  constructor(message: string, readonly requestId: string, readonly after: Record<string, unknown>) {
    super(message);
  }
}

/** A request whose version has left the stage it was opened from. */
const staleRequest = (requestId: string, stage: Stage, fromStage: Stage | null) =>
  new RefusedSigning(`The version is now in ${stage}, not in ${fromStage ?? 'the stage'} this request was opened from; it can no longer be signed and nothing was signed.`, requestId, { reason: 'stale request', stage, fromStage });

/**
 * An approval is given only while the gate still passes, under the policy the request was gated by: evidence ages,
 * findings are raised upstream and a model signature's key loses its trust without the snapshot changing, so each
 * approval re-runs the gate in the signing transaction (the model signature against TODAY's trust configuration).
 * The request itself is no "other open request"; a rejection is never refused for this.
 */
async function assertGateStillPasses(tx: Tx, request: typeof promotionRequests.$inferSelect, policy: typeof promotionPolicies.$inferSelect, now: Date) {
  const { gate } = await gateForVersion(tx, request.modelVersionId, request.targetStage, { rollback: request.expeditedRollback, policy, exceptRequestId: request.id, now });
  const unmet = gate.requirements.filter((r) => !r.met);
  if (unmet.length === 0) return;
  const labels = unmet.map((r) => r.label);
  const what = `${inWords(labels)} no longer ${labels.length > 1 ? 'hold' : 'holds'}`;
  const reason = unmet.every((r) => r.id === 'signature') ? 'model signature' : 'gate';
  throw new RefusedSigning(`${what.charAt(0).toUpperCase()}${what.slice(1)}, so the version cannot move and nothing was signed. ${unmet.map((r) => r.detail).join(' ')}`, request.id, { reason, detail: unmet.map((r) => r.detail).join(' '), unmet: unmet.map((r) => r.id) });
}

/** The refused signature changed nothing, but it is written down. */
async function auditRefusal(actor: Actor, error: RefusedSigning) {
  await withTransaction(async (tx) => await recordAudit(tx, actor, { action: 'promotion.sign_failed', entityType: 'promotion_request', entityId: error.requestId, after: error.after }));
}

/**
 * Signs a promotion request in the browser. Separation of duties holds for everyone, admins included: no token
 * signs, no one signs their own request, one signature per person, each required role by a distinct person.
 * The last required approval moves the stage in the same transaction.
 */
/** `now`: the time the gate is judged at (tests move it; the server never does). */
export async function signRequest(actor: Actor, input: Input, now = new Date()) {
  if (actor.type !== 'user') throw new Forbidden('API tokens never sign; sign in the browser.');
  assertCan(actor, 'promotion.sign');
  if (!actor.roles.includes(input.role)) throw new Forbidden(`You do not hold the role ${humanize(input.role)}.`);
  // Looked up first so that a wrong password is always filed under a request that exists.
  if (!first(await getDb().select({ id: promotionRequests.id }).from(promotionRequests).where(eq(promotionRequests.id, input.requestId)).limit(1))) throw new NotFound('Promotion request');
  const proof = await reauthenticate(actor, input.password, signingReauth(input.requestId));
  return await commitSignature(actor, input, now, proof);
}

/**
 * The requester learns the decision (inbox), and subscribed systems too: a deployment pipeline waits for
 * `promotion.approved` with the approved digest before it ships.
 */
type Signature = typeof signatures.$inferSelect;

/**
 * Tells the requester (and subscribed webhooks) the decision; an approval carries every condition its signers set, so
 * that a pipeline deploying on `promotion.approved` knows what the version runs under.
 */
async function announceDecision(tx: Tx, decided: { request: typeof promotionRequests.$inferSelect; signature: Signature; signed: Signature[]; version: { id: string; version: string; artifactSha256: string }; model: string; approved: boolean }, now: Date) {
  const { request, signature, version, model, approved } = decided;
  const what = `${model} ${version.version} → ${request.targetStage}`;
  const conditions = approved ? decided.signed.filter((s) => s.decision === 'approve' && s.conditions).map((s) => ({ role: s.role, printedName: s.printedName, conditions: s.conditions })) : [];
  await emitEvent(tx, {
    type: approved ? 'promotion.approved' : 'promotion.rejected',
    title: approved ? `${what} is approved${conditions.length ? ' on conditions' : ''}: the version is now in ${request.targetStage}` : `${what} was rejected by ${signature.printedName}: ${firstWords(signature.comment)}`,
    href: `/approvals/${request.id}`,
    entityType: 'promotion_request',
    entityId: request.id,
    recipients: [request.requesterId],
    data: { modelVersionId: version.id, targetStage: request.targetStage, artifactSha256: version.artifactSha256, snapshotSha256: request.snapshotSha256, decidedBy: signature.signerId, role: signature.role, expeditedRollback: request.expeditedRollback, ...(approved ? { conditions } : {}) },
  }, now);
}

/**
 * The signing transaction proper, once the signer has re-authenticated (`proof`, settled inside it). Exported for the
 * benchmark and tests, which time or exercise the transaction without the password hash's seconds (lib/testing.ts).
 */
export async function commitSignature(actor: Actor, input: Omit<Input, 'password'>, now: Date, proof: Reauthenticated) {
  try {
    return await signInTransaction(actor, input, now, proof);
  } catch (error) {
    if (error instanceof RefusedSigning) await auditRefusal(actor, error);
    throw error;
  }
}

async function signInTransaction(actor: Actor, input: Omit<Input, 'password'>, now: Date, proof: Reauthenticated) {
  const conditions = statedConditions(input.conditions);
  if (conditions && input.decision !== 'approve') throw new Invalid('Only an approval has conditions; say why you reject in the comment.', [{ path: 'conditions', message: 'Only with Approve.' }]);
  return await withTransaction(async (tx) => {
    await settleReauthentication(tx, signingReauth(input.requestId), proof, { role: input.role });
    const request = first(await tx.select().from(promotionRequests).where(eq(promotionRequests.id, input.requestId)).limit(1));
    if (!request) throw new NotFound('Promotion request');
    if (request.status !== 'open') throw new Conflict(`This request is ${request.status}; it can no longer be signed.`);
    if (request.requesterId === actor.userId) throw new Forbidden('You cannot sign your own request.');
    const current = await versionContext(tx, request.modelVersionId);
    await assertSystemLive(tx, current.system.id, 'This request cannot be signed');
    const fromStage = openedFrom(request, current.version.stage);
    if (fromStage !== current.version.stage) throw staleRequest(request.id, current.version.stage, request.fromStage);
    if (input.snapshotSha256 !== request.snapshotSha256) throw new Conflict('The snapshot you reviewed is not the one submitted. Reload the page.');
    const policy = first(await tx.select().from(promotionPolicies).where(eq(promotionPolicies.id, request.policyId)).limit(1))!;
    const live = await buildSnapshot(tx, request.modelVersionId);
    const changed = await cardChangesSince(tx, request, { live });
    if (changed.length > 0) throw new Conflict(staleRequestMessage(changed));
    const existing = await tx.select().from(signatures).where(eq(signatures.requestId, request.id));
    if (existing.some((s) => s.signerId === actor.userId)) throw new Conflict('You have already signed this request.');
    const required = policy.rules.requiredApprovers.find((r) => r.role === input.role);
    if (!required) throw new Invalid(`This request needs no signature as ${humanize(input.role)}.`, [{ path: 'role', message: 'Not a required role.' }]);
    const approvals = (role: string) => existing.filter((s) => s.role === role && s.decision === 'approve').length;
    if (input.decision === 'approve' && approvals(input.role) >= required.count) throw new Conflict(`The ${humanize(input.role)} signatures are already complete.`);
    if (input.decision === 'approve') await assertGateStillPasses(tx, request, policy, now);

    const version = { version: current.version.version, model: current.model.name };
    const signature = only(await tx
      .insert(signatures)
      .values({
        requestId: request.id,
        signerId: actor.userId,
        printedName: actor.name,
        role: input.role,
        decision: input.decision,
        meaning: signatureMeaning(input.decision, version.model, version.version, request.targetStage, input.role, conditions),
        signedAt: new Date().toISOString(),
        snapshotSha256: request.snapshotSha256,
        comment: input.comment,
        conditions,
      })
      .returning());
    let outcome: { requestStatus: 'open' | 'approved' | 'rejected'; stageChange?: Awaited<ReturnType<typeof transition>> } = { requestStatus: 'open' };
    if (input.decision === 'reject') {
      const closed = await tx.update(promotionRequests).set({ status: 'rejected', closedAt: signature.signedAt }).where(and(eq(promotionRequests.id, request.id), eq(promotionRequests.status, 'open')));
      if (changedRows(closed) !== 1) throw new Conflict('The request was closed meanwhile.');
      outcome = { requestStatus: 'rejected' };
    } else if (policy.rules.requiredApprovers.every((r) => approvals(r.role) + (r.role === input.role ? 1 : 0) >= r.count)) {
      outcome = { requestStatus: 'approved', stageChange: await transition(tx, actor, request, fromStage) };
    }
    await recordAudit(tx, actor, { action: 'promotion.signed', entityType: 'promotion_request', entityId: request.id, after: { signature, ...outcome } });
    const signed = [...existing, signature];
    // The conditions come into force with the approval: each is tracked from now as a finding on the version.
    const conditionFindings = outcome.requestStatus === 'approved'
      ? await trackApprovalConditions(tx, actor, { signed, version: current.version, model: current.model.name, systemId: current.system.id, targetStage: request.targetStage }, new Date(signature.signedAt))
      : [];
    await settleNews(tx, 'promotion.requested', request.id, outcome.requestStatus === 'open' ? { userId: actor.userId } : 'everyone');
    if (outcome.requestStatus !== 'open') await announceDecision(tx, { request, signature, signed, version: current.version, model: current.model.name, approved: outcome.requestStatus === 'approved' }, now);
    return { signature, ...outcome, ...(conditionFindings.length ? { conditionFindings: conditionFindings.map((f) => f.id) } : {}) };
  });
}
