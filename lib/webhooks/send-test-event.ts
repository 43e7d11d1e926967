import 'server-only';
import { eq } from 'drizzle-orm';
import { first, withTransaction } from '@/db';
import { webhookDeliveries, webhookEndpoints } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { recordAudit } from '@/lib/audit/record-event';
import { NotFound } from '@/lib/errors';
import { newMessageId } from './message-id';

/** Queues a `webhook.test` event for one endpoint, whatever it subscribes to; the background sender sends it. */
export async function sendTestEvent(actor: Actor, endpointId: string, now = new Date()) {
  assertCan(actor, 'webhook.manage');
  const at = now.toISOString();
  return await withTransaction(async (tx) => {
    const endpoint = first(await tx.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)).limit(1));
    if (!endpoint) throw new NotFound('Webhook endpoint');
    const id = newMessageId();
    const payload = JSON.stringify({ type: 'webhook.test', timestamp: at, data: { endpointId, requestedBy: actor.email } });
    await tx.insert(webhookDeliveries).values({ id, endpointId, eventType: 'webhook.test', payload, nextAttemptAt: at, createdAt: at });
    await recordAudit(tx, actor, { action: 'webhook.test_sent', entityType: 'webhook_endpoint', entityId: endpointId, after: { deliveryId: id } });
    return { id };
  });
}
