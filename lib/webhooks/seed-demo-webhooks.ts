import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { getDb, withTransaction } from '@/db';
import { webhookAttempts, webhookDeliveries } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { createWebhookEndpoint } from './create-webhook-endpoint';
import { RETRY_DELAYS_SECONDS } from './retry-schedule';
import { setWebhookEnabled } from './set-webhook-enabled';

/**
 * The demo's webhook endpoint, added early in its history (a documentation address, so nothing is ever sent: the
 * history ends with it disabled). While it is enabled, the demo's real verbs queue a delivery of each finding raised,
 * incident recorded and review due, with that event's own time and data.
 */
export async function createDemoWebhookEndpoint(admin: Actor) {
  return await createWebhookEndpoint(admin, { url: 'https://198.51.100.7/hooks/provenant', description: 'SIEM (demo address; disabled)', eventTypes: ['finding.raised', 'incident.recorded', 'review.due'], allowPrivateNetwork: false });
}

/**
 * What the sender would have written for the deliveries the history queued: each delivered a second or two after its
 * event, except the first, which failed every attempt of the retry schedule while the receiver was down (so the log
 * shows a failure an admin can redeliver). A delivery whose retries would not all be over by now is shown delivered.
 * Then the endpoint is disabled, so the demo server never sends to the documentation address.
 */
export async function writeDemoWebhookLog(admin: Actor, endpointId: string) {
  const queued = await getDb().select().from(webhookDeliveries).where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, 'pending'))).orderBy(asc(webhookDeliveries.createdAt));
  const retriesMs = [0, ...RETRY_DELAYS_SECONDS].reduce((sum, delay) => sum + delay * 1000, 0);
  await withTransaction(async (tx) => {
    for (const [index, delivery] of queued.entries()) {
      const queuedAt = Date.parse(delivery.createdAt);
      if (index === 0 && queuedAt + retriesMs < Date.now()) {
        let at = queuedAt;
        for (const [i, delay] of [0, ...RETRY_DELAYS_SECONDS].entries()) {
          at += delay * 1000;
          const timedOut = i % 3 === 2;
          await tx.insert(webhookAttempts).values({ deliveryId: delivery.id, attempt: i + 1, at: new Date(at).toISOString(), httpStatus: timedOut ? null : 503, error: timedOut ? 'No answer within 10 s.' : null, durationMs: timedOut ? 10_000 : 87 });
        }
        await tx.update(webhookDeliveries).set({ status: 'failed', attempts: RETRY_DELAYS_SECONDS.length + 1, nextAttemptAt: new Date(at).toISOString() }).where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.status, 'pending')));
        continue;
      }
      const deliveredAt = new Date(Math.min(queuedAt + 1_000 + (index % 5) * 230, Date.now())).toISOString();
      await tx.insert(webhookAttempts).values({ deliveryId: delivery.id, attempt: 1, at: deliveredAt, httpStatus: 200, error: null, durationMs: 120 + (index % 7) * 11 });
      await tx.update(webhookDeliveries).set({ status: 'delivered', attempts: 1, deliveredAt }).where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.status, 'pending')));
    }
  });
  return await setWebhookEnabled(admin, endpointId, false);
}
