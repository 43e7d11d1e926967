import 'server-only';
import { and, eq, isNull, ne } from 'drizzle-orm';
import { first, getDb, returnedRow, withTransaction } from '@/db';
import { aiSystems } from '@/db/schema';
import { changedFields } from '@/lib/audit/changes';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can } from '@/lib/auth/permissions';
import { Conflict, Forbidden, NotFound } from '@/lib/errors';
import { resolveClassification } from './classification';
import { answeredYes, type RiskAnswers } from './risk-questionnaire';
import type { UpdateSystemInput } from './schemas';
import { ASSESSED_FIELDS, needsTierConfirmation } from './tier-confirmation';
import { assertReviewDate } from '@/lib/reviews/cadence';

export async function updateSystem(actor: Actor, id: string, input: UpdateSystemInput) {
  const db = getDb();
  const current = first(await db.select().from(aiSystems).where(eq(aiSystems.id, id)).limit(1));
  if (!current) throw new NotFound('AI system');
  assertCan(actor, 'system.update', { ownerIds: [current.ownerId] });
  if (current.lifecycleStatus === 'retired') throw new Conflict('A retired system cannot be edited.');

  const { riskTier, riskAnswers, riskOverrideReason, generalPurposeModel, ...fields } = input;
  // Owners may bring a review forward; only a risk officer may postpone or clear one that is scheduled.
  const postponesReview = current.nextReviewDate !== null && fields.nextReviewDate !== undefined && (fields.nextReviewDate === null || fields.nextReviewDate > current.nextReviewDate);
  if (postponesReview && !can(actor, 'review.sign')) throw new Forbidden(`Only a risk officer may postpone or clear the review due ${current.nextReviewDate}; you may bring it forward.`);
  // A first date (none scheduled yet) is bounded by the tier's cadence, as a postponement is.
  if (current.nextReviewDate === null) await assertReviewDate(db, actor, riskTier ?? current.riskTier, fields.nextReviewDate);
  const storedAnswers = (current.riskRationale as { answers?: RiskAnswers } | null)?.answers;
  const reclassifies =
    (riskTier !== undefined && riskTier !== current.riskTier) ||
    (riskAnswers !== undefined && answeredYes(riskAnswers).join() !== answeredYes(storedAnswers).join()) ||
    (generalPurposeModel !== undefined && generalPurposeModel !== current.generalPurposeModel);
  let patch: Partial<typeof current> = fields;
  if (reclassifies) {
    assertCan(actor, 'system.classify');
    const tier = riskTier ?? current.riskTier;
    patch = { ...fields, ...resolveClassification({ riskTier: tier, riskAnswers, riskOverrideReason, generalPurposeModel }, actor.email) };
  }
  // A new classification, or a change to what a limited or minimal tier was judged on, waits for a confirmation again.
  const reassessed = reclassifies || (needsTierConfirmation(current.riskTier) && ASSESSED_FIELDS.some((field) => fields[field] !== undefined && fields[field] !== current[field]));
  if (reassessed) patch = { ...patch, tierConfirmedById: null, tierConfirmedAt: null, tierAssessedAt: new Date().toISOString() };
  const { before, after, changed } = changedFields(current, patch);
  if (!changed) return current;

  return await withTransaction(async (tx) => {
    // Judged on the tier as read, always (whether an edit waits for a confirmation again depends on it), and on the
    // confirmation as read when it does: a confirmation that lands meanwhile is never carried over to a new tier.
    const asRead = [eq(aiSystems.riskTier, current.riskTier), ...(reassessed ? [current.tierConfirmedAt === null ? isNull(aiSystems.tierConfirmedAt) : eq(aiSystems.tierConfirmedAt, current.tierConfirmedAt)] : [])];
    const row = returnedRow(await tx
      .update(aiSystems)
      .set({ ...after, updatedAt: new Date().toISOString() })
      // The owner too: the permission was judged on them, and a transfer that lands meanwhile ends a former owner's rights.
      .where(and(eq(aiSystems.id, id), eq(aiSystems.ownerId, current.ownerId), ne(aiSystems.lifecycleStatus, 'retired'), ...asRead))
      .returning());
    if (!row) throw new Conflict(reassessed ? 'The system was retired, given to a new owner, or its tier classified or confirmed, meanwhile. Reload the page.' : 'The system was retired, given to a new owner or classified again meanwhile. Reload the page.');
    await recordAudit(tx, actor, {
      action: reclassifies ? 'system.classified' : 'system.updated',
      entityType: 'ai_system',
      entityId: id,
      before,
      after,
    });
    return row;
  });
}
