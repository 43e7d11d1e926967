import 'server-only';
import { and, eq } from 'drizzle-orm';
import { changedRows, first, getDb, withTransaction } from '@/db';
import { promotionRequests } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { Conflict, Forbidden, NotFound } from '@/lib/errors';
import { settleNews } from '@/lib/inbox/settle-news';

/** The requester withdraws an open request (e.g. to resubmit after new evidence). */
export async function withdrawRequest(actor: Actor, requestId: string) {
  const request = first(await getDb().select().from(promotionRequests).where(eq(promotionRequests.id, requestId)).limit(1));
  if (!request) throw new NotFound('Promotion request');
  if (request.requesterId !== actor.userId) throw new Forbidden('Only the requester can withdraw a request.');
  return await withTransaction(async (tx) => {
    const closedAt = new Date().toISOString();
    const done = await tx.update(promotionRequests).set({ status: 'withdrawn', closedAt }).where(and(eq(promotionRequests.id, requestId), eq(promotionRequests.status, 'open')));
    if (changedRows(done) !== 1) throw new Conflict(`This request is ${request.status}; only open requests can be withdrawn.`);
    await recordAudit(tx, actor, { action: 'promotion.withdrawn', entityType: 'promotion_request', entityId: requestId, before: { status: 'open' }, after: { status: 'withdrawn', closedAt } });
    await settleNews(tx, 'promotion.requested', requestId, 'everyone');
    return { ...request, status: 'withdrawn' as const, closedAt };
  });
}
