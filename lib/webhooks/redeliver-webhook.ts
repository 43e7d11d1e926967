import 'server-only';
import { and, eq } from 'drizzle-orm';
import { first, returnedRow, withTransaction } from '@/db';
import { webhookDeliveries } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { recordAudit } from '@/lib/audit/record-event';
import { Conflict, NotFound } from '@/lib/errors';

/**
 * Puts a failed delivery back in the queue for one more attempt, same `webhook-id` (the receiver's idempotency key);
 * if that attempt fails too it is failed again. Conditional on `failed`: a double click queues it once.
 */
export async function redeliverWebhook(actor: Actor, deliveryId: string, now = new Date()) {
  assertCan(actor, 'webhook.manage');
  return await withTransaction(async (tx) => {
    const updated = returnedRow(await tx
      .update(webhookDeliveries)
      .set({ status: 'pending', nextAttemptAt: now.toISOString(), leaseUntil: null })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, 'failed')))
      .returning({ id: webhookDeliveries.id, endpointId: webhookDeliveries.endpointId }));
    if (!updated) {
      const exists = first(await tx.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId)).limit(1));
      throw exists ? new Conflict('Only a failed delivery can be redelivered; this one is pending or delivered.') : new NotFound('Webhook delivery');
    }
    await recordAudit(tx, actor, { action: 'webhook.redelivered', entityType: 'webhook_delivery', entityId: deliveryId, after: { endpointId: updated.endpointId } });
    return updated;
  });
}
