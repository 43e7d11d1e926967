import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { promotionRequests } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { Conflict, Forbidden, NotFound } from '@/lib/errors';

/** The requester withdraws an open request (e.g. to resubmit after new evidence). */
export function withdrawRequest(actor: Actor, requestId: string) {
  const request = getDb().select().from(promotionRequests).where(eq(promotionRequests.id, requestId)).get();
  if (!request) throw new NotFound('Promotion request');
  if (request.requesterId !== actor.userId) throw new Forbidden('Only the requester can withdraw a request.');
  return getDb().transaction(
    (tx) => {
      const closedAt = new Date().toISOString();
      const done = tx.update(promotionRequests).set({ status: 'withdrawn', closedAt }).where(and(eq(promotionRequests.id, requestId), eq(promotionRequests.status, 'open'))).run();
      if (done.changes !== 1) throw new Conflict(`This request is ${request.status}; only open requests can be withdrawn.`);
      recordAudit(tx, actor, { action: 'promotion.withdrawn', entityType: 'promotion_request', entityId: requestId, before: { status: 'open' }, after: { status: 'withdrawn', closedAt } });
      return { ...request, status: 'withdrawn' as const, closedAt };
    },
    { behavior: 'immediate' },
  );
}
