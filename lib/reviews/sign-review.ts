import 'server-only';
import { trackReviewConditions } from '@/lib/promotion/condition-findings';
import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import { changedRows, first, getDb, only, withTransaction } from '@/db';
import { aiSystems, promotionSnapshots, reviews, reviewTriggers, userRoles, type ReviewOutcome } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { reauthenticate, settleReauthentication, type ReauthPurpose } from '@/lib/auth/reauthenticate';
import { Conflict, Forbidden, NotFound } from '@/lib/errors';
import { isoDateMonthsAfter } from '@/lib/findings/deadlines';
import { assertSystemLive } from '@/lib/inventory/assert-system-live';
import { emitEvent } from '@/lib/notify/emit-event';
import { humanize } from '@/lib/words';
import { reviewCadenceMonths } from './cadence';
import { buildReviewSnapshot } from './review-snapshot';
import type { ZSignReviewInput } from './schemas';

type Input = z.output<typeof ZSignReviewInput>;

/** "I attest that I reviewed Fraud screening, with the outcome: continue with conditions, as Risk officer". */
export function reviewMeaning(system: string, outcome: ReviewOutcome) {
  return `I attest that I reviewed ${system}, with the outcome: ${humanize(outcome).toLowerCase()}, as Risk officer`;
}

/** A wrong password in the review dialog is filed under the system whose review it was meant to sign. */
const reviewReauth = (systemId: string): ReauthPurpose => ({
  activity: 'Signing reviews',
  outcome: 'signed',
  failure: { action: 'review.sign_failed', entityType: 'ai_system', entityId: systemId, after: { reason: 'wrong password' } },
});

/**
 * Signs a system's periodic or triggered review as a risk officer, re-authenticated, over the snapshot the dialog
 * showed (refused if it changed since). Sets the next review date from the tier's cadence, resolves the open triggers,
 * and writes the immutable review row; a restrict or retire outcome is recorded, never acted on by itself.
 */
export async function signReview(actor: Actor, input: Input, now = new Date()) {
  assertCan(actor, 'review.sign');
  if (actor.type !== 'user') throw new Forbidden('API tokens never sign; sign in the browser.');
  if (!first(await getDb().select({ id: aiSystems.id }).from(aiSystems).where(eq(aiSystems.id, input.systemId)).limit(1))) throw new NotFound('AI system');
  const proof = await reauthenticate(actor, input.password, reviewReauth(input.systemId));
  return await withTransaction(async (tx) => {
    await settleReauthentication(tx, reviewReauth(input.systemId), proof, { permission: 'review.sign' });
    const system = first(await tx.select().from(aiSystems).where(eq(aiSystems.id, input.systemId)).limit(1))!;
    await assertSystemLive(tx, system.id, 'This review cannot be signed');
    if (system.ownerId === actor.userId) throw new Forbidden('You own this system: another risk officer signs its review.');
    const snapshot = await buildReviewSnapshot(tx, system.id);
    if (snapshot.sha256 !== input.snapshotSha256) throw new Conflict('The system changed since you opened the review (findings, monitoring, its card or its review state). Reload the page and review what is there now.');
    await tx.insert(promotionSnapshots).values({ sha256: snapshot.sha256, canonicalJson: snapshot.json }).onConflictDoNothing();
    const signedAt = now.toISOString();
    const open = await tx.select({ id: reviewTriggers.id }).from(reviewTriggers).where(and(eq(reviewTriggers.systemId, system.id), isNull(reviewTriggers.resolvedByReviewId)));
    const nextReviewDate = isoDateMonthsAfter(now, (await reviewCadenceMonths(tx, system.riskTier)).months);
    const review = only(await tx
      .insert(reviews)
      .values({
        systemId: system.id,
        kind: open.length > 0 ? 'triggered' : 'periodic',
        outcome: input.outcome,
        conditions: input.conditions,
        snapshotSha256: snapshot.sha256,
        dueDate: system.nextReviewDate,
        nextReviewDate,
        signerId: actor.userId,
        printedName: actor.name,
        role: 'risk_officer',
        meaning: reviewMeaning(system.name, input.outcome),
        signedAt,
        createdAt: signedAt,
      })
      .returning());
    await tx.update(reviewTriggers).set({ resolvedByReviewId: review.id }).where(and(eq(reviewTriggers.systemId, system.id), isNull(reviewTriggers.resolvedByReviewId)));
    // Conditional on the date the snapshot froze too (the snapshot names the last signed review, so a second signature
    // over the same snapshot is already refused above).
    const moved = await tx.update(aiSystems).set({ nextReviewDate, updatedAt: signedAt }).where(and(eq(aiSystems.id, system.id), system.nextReviewDate === null ? isNull(aiSystems.nextReviewDate) : eq(aiSystems.nextReviewDate, system.nextReviewDate)));
    if (changedRows(moved) !== 1) throw new Conflict('Another review of this system was signed meanwhile. Reload the page.');
    await recordAudit(tx, actor, { action: 'review.signed', entityType: 'ai_system', entityId: system.id, before: { nextReviewDate: system.nextReviewDate }, after: { review, resolvedTriggers: open.map((t) => t.id) } });
    await trackReviewConditions(tx, actor, review, system.name, now);
    const riskOfficers = await tx.select({ userId: userRoles.userId }).from(userRoles).where(eq(userRoles.role, 'risk_officer'));
    await emitEvent(
      tx,
      {
        type: 'review.signed',
        title: `Review of ${system.name} signed by ${actor.name}: ${humanize(input.outcome).toLowerCase()}; next review ${nextReviewDate}`,
        href: `/systems/${system.id}/reviews/${review.id}`,
        entityType: 'ai_system',
        entityId: system.id,
        // The owner and the risk officers, but not the signer: nobody is told of what they just did.
        recipients: [system.ownerId, ...riskOfficers.map((r) => r.userId)].filter((id) => id !== actor.userId),
        data: { reviewId: review.id, outcome: input.outcome, nextReviewDate, snapshotSha256: snapshot.sha256 },
      },
      now,
    );
    return review;
  });
}
