import 'server-only';
import { withTransaction } from '@/db';
import { webhookAttempts, webhookDeliveries } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { createWebhookEndpoint } from './create-webhook-endpoint';
import { newMessageId } from './message-id';
import { RETRY_DELAYS_SECONDS } from './retry-schedule';
import { setWebhookEnabled } from './set-webhook-enabled';

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

/**
 * The demo's webhook endpoint (a documentation address, so nothing is ever sent: it is disabled) with a delivered and a
 * failed delivery in its log. The log is demo history the sender would have written, so it is inserted as such.
 */
export async function seedDemoWebhooks(admin: Actor) {
  const endpoint = await createWebhookEndpoint(admin, { url: 'https://198.51.100.7/hooks/provenant', description: 'SIEM (demo address; disabled)', eventTypes: ['finding.raised', 'incident.recorded', 'review.due'], allowPrivateNetwork: false });
  await withTransaction(async (tx) => {
    const delivered = hoursAgo(30);
    const deliveredId = newMessageId();
    const payload = (type: string, at: Date) => JSON.stringify({ type, timestamp: at.toISOString(), data: { demo: true } });
    await tx.insert(webhookDeliveries).values({ id: deliveredId, endpointId: endpoint.id, eventType: 'finding.raised', payload: payload('finding.raised', delivered), status: 'delivered', attempts: 1, nextAttemptAt: delivered.toISOString(), deliveredAt: delivered.toISOString(), createdAt: delivered.toISOString() });
    await tx.insert(webhookAttempts).values({ deliveryId: deliveredId, attempt: 1, at: delivered.toISOString(), httpStatus: 200, error: null, durationMs: 142 });
    const failedAt = hoursAgo(80);
    const failedId = newMessageId();
    await tx.insert(webhookDeliveries).values({ id: failedId, endpointId: endpoint.id, eventType: 'incident.recorded', payload: payload('incident.recorded', failedAt), status: 'failed', attempts: RETRY_DELAYS_SECONDS.length + 1, nextAttemptAt: failedAt.toISOString(), createdAt: failedAt.toISOString() });
    let at = failedAt.getTime();
    for (const [i, delay] of [0, ...RETRY_DELAYS_SECONDS].entries()) {
      at += delay * 1000;
      const timedOut = i % 3 === 2;
      await tx.insert(webhookAttempts).values({ deliveryId: failedId, attempt: i + 1, at: new Date(at).toISOString(), httpStatus: timedOut ? null : 503, error: timedOut ? 'No answer within 10 s.' : null, durationMs: timedOut ? 10_000 : 87 });
    }
  });
  return await setWebhookEnabled(admin, endpoint.id, false);
}
