import 'server-only';
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Tx } from '@/db';
import { promotionRequests } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { AuditActor } from '@/lib/auth/actor';
import { settleNews } from '@/lib/inbox/settle-news';

/**
 * Closes every open request of these versions (but `except`) as superseded: a request is opened from a stage, so once
 * its version has left that stage (or its system retired) it can never be signed. Part of the caller's transaction.
 */
export async function supersedeOpenRequests(tx: Tx, actor: AuditActor, input: { versionIds: string[]; except?: string; reason: string }) {
  if (input.versionIds.length === 0) return [];
  const closedAt = new Date().toISOString();
  const closed = await tx
    .update(promotionRequests)
    .set({ status: 'superseded', closedAt })
    .where(and(inArray(promotionRequests.modelVersionId, input.versionIds), eq(promotionRequests.status, 'open'), ...(input.except ? [ne(promotionRequests.id, input.except)] : [])))
    .returning({ id: promotionRequests.id, modelVersionId: promotionRequests.modelVersionId, targetStage: promotionRequests.targetStage });
  for (const request of closed) {
    await recordAudit(tx, actor, {
      action: 'promotion.superseded',
      entityType: 'promotion_request',
      entityId: request.id,
      before: { status: 'open' },
      after: { status: 'superseded', closedAt, reason: input.reason },
    });
    await settleNews(tx, 'promotion.requested', request.id, 'everyone');
  }
  return closed.map((r) => r.id);
}
