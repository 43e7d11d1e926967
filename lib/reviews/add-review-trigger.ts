import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { first, only, type Tx } from '@/db';
import { aiSystems, reviewTriggers, userRoles, type ReviewTriggerReason } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { AuditActor } from '@/lib/auth/actor';
import { NotFound } from '@/lib/errors';
import { isoDateAfter } from '@/lib/findings/deadlines';
import { emitEvent } from '@/lib/notify/emit-event';
import { triggeredReviewDays } from './cadence';
import { reviewState } from './queries';

export type ReviewTriggerInput = { systemId: string; reason: ReviewTriggerReason; detail: string; entityType?: string | null; entityId?: string | null };

/**
 * Makes a system's review due now, inside the caller's transaction, and tells its owner and the risk officers. The
 * same reason for the same record is recorded once while unresolved; the next signed review resolves it.
 */
export async function addReviewTrigger(tx: Tx, actor: AuditActor, input: ReviewTriggerInput, now = new Date()) {
  const unresolved = await tx
    .select({ id: reviewTriggers.id, reason: reviewTriggers.reason, entityId: reviewTriggers.entityId })
    .from(reviewTriggers)
    .where(and(eq(reviewTriggers.systemId, input.systemId), isNull(reviewTriggers.resolvedByReviewId)));
  if (unresolved.some((t) => t.reason === input.reason && t.entityId === (input.entityId ?? null))) return null;
  const system = first(await tx.select({ name: aiSystems.name, ownerId: aiSystems.ownerId, riskTier: aiSystems.riskTier }).from(aiSystems).where(eq(aiSystems.id, input.systemId)).limit(1));
  if (!system) throw new NotFound('AI system');
  // The window in force when it is raised fixes its day: a later policy change moves no deadline already set.
  const dueBy = isoDateAfter(now, (await triggeredReviewDays(tx, system.riskTier)).days);
  const trigger = only(await tx
    .insert(reviewTriggers)
    .values({ systemId: input.systemId, reason: input.reason, detail: input.detail, entityType: input.entityType ?? null, entityId: input.entityId ?? null, createdAt: now.toISOString(), dueBy })
    .returning());
  await recordAudit(tx, actor, { action: 'review.triggered', entityType: 'ai_system', entityId: input.systemId, after: trigger });
  // One review answers its date and every open trigger: the news gives the day it is due by, as the review pages do.
  const signBy = (await reviewState(tx, input.systemId, now)).dueBy ?? dueBy;
  const riskOfficers = await tx.select({ userId: userRoles.userId }).from(userRoles).where(eq(userRoles.role, 'risk_officer'));
  await emitEvent(
    tx,
    {
      type: 'review.due',
      title: `Review of ${system.name} is due now, to sign by ${signBy}: ${input.detail}`,
      href: `/systems/${input.systemId}/reviews`,
      entityType: 'ai_system',
      entityId: input.systemId,
      recipients: [system.ownerId, ...riskOfficers.map((r) => r.userId)],
      data: { reason: input.reason, detail: input.detail, triggerId: trigger.id, dueBy, signBy },
    },
    now,
  );
  return trigger;
}
