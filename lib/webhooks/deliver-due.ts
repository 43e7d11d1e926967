import 'server-only';
import { and, asc, eq, isNull, lte, or } from 'drizzle-orm';
import { changedRows, getDb, withTransaction, type Tx } from '@/db';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import { systemActor } from '@/lib/auth/actor';
import { postWebhook, SEND_TIMEOUT_MS, type PostOutcome } from './post-webhook';
import { nextAttemptAfter } from './retry-schedule';
import { webhookHeaders } from './signature';

/** Deliveries taken per run, and sent at most this many at a time: a slow receiver holds one slot, not the run. */
const BATCH_SIZE = 50;
const CONCURRENCY = 4;
/**
 * A claim lapses after this, so a process that died mid-send does not strand the delivery. The whole batch is claimed
 * at once, so the lease outlasts its slowest run (every send timing out), and no other sender takes a queued one.
 */
const LEASE_MS = SEND_TIMEOUT_MS * (Math.ceil(BATCH_SIZE / CONCURRENCY) + 2);

type Claimed = { id: string; endpointId: string; payload: string; attempts: number; url: string; secret: string; allowPrivateNetwork: boolean; lease: string };

/** Takes the due deliveries of enabled endpoints; the conditional update is the claim, so two senders never share one. */
async function claimDue(now: Date): Promise<Claimed[]> {
  const db = getDb();
  const at = now.toISOString();
  const lease = new Date(now.getTime() + LEASE_MS).toISOString();
  const leaseFree = or(isNull(webhookDeliveries.leaseUntil), lte(webhookDeliveries.leaseUntil, at));
  const due = await db
    .select({ id: webhookDeliveries.id, endpointId: webhookDeliveries.endpointId, payload: webhookDeliveries.payload, attempts: webhookDeliveries.attempts, url: webhookEndpoints.url, secret: webhookEndpoints.secret, allowPrivateNetwork: webhookEndpoints.allowPrivateNetwork })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, at), leaseFree, eq(webhookEndpoints.enabled, true)))
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(BATCH_SIZE);
  return await withTransaction(async (tx) => {
    const claimed: Claimed[] = [];
    for (const d of due) {
      const leased = await tx
        .update(webhookDeliveries)
        .set({ leaseUntil: lease })
        .where(and(eq(webhookDeliveries.id, d.id), eq(webhookDeliveries.status, 'pending'), eq(webhookDeliveries.attempts, d.attempts), leaseFree));
      if (changedRows(leased) === 1) claimed.push({ ...d, lease });
    }
    return claimed;
  });
}

const SENDER = systemActor('webhook sender');

/** 410 Gone: the receiver wants no more messages, so the spec says to stop sending (the admin may enable it again). */
async function disableGoneEndpoint(tx: Tx, endpointId: string, now: Date) {
  const disabled = await tx.update(webhookEndpoints).set({ enabled: false, disabledAt: now.toISOString() }).where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.enabled, true)));
  if (changedRows(disabled) === 1) await recordAudit(tx, SENDER, { action: 'webhook.updated', entityType: 'webhook_endpoint', entityId: endpointId, after: { enabled: false, reason: 'The receiver answered 410 Gone.' } });
}

/**
 * Writes the attempt and the delivery's next state, only while the claim is still ours. The retry counts from the
 * attempt's end (start + its measured duration), so a 10 s timeout does not eat into the 5 s before the next try.
 */
async function recordAttempt(delivery: Claimed, outcome: PostOutcome, now: Date) {
  const attempt = delivery.attempts + 1;
  const delivered = outcome.httpStatus !== null && outcome.httpStatus >= 200 && outcome.httpStatus < 300;
  const gone = outcome.httpStatus === 410;
  const ended = new Date(now.getTime() + outcome.durationMs);
  const next = delivered || gone ? null : nextAttemptAfter(attempt, ended, outcome.retryAfterSeconds);
  await withTransaction(async (tx) => {
    const updated = await tx
      .update(webhookDeliveries)
      .set({
        attempts: attempt,
        status: delivered ? 'delivered' : next ? 'pending' : 'failed',
        ...(next ? { nextAttemptAt: next.toISOString() } : {}),
        deliveredAt: delivered ? now.toISOString() : null,
        leaseUntil: null,
      })
      .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.leaseUntil, delivery.lease)));
    if (changedRows(updated) !== 1) return;
    if (gone) await disableGoneEndpoint(tx, delivery.endpointId, now);
    await tx.insert(webhookAttempts).values({ deliveryId: delivery.id, attempt, at: now.toISOString(), httpStatus: outcome.httpStatus, error: outcome.error?.slice(0, 500) ?? null, durationMs: outcome.durationMs });
  });
}

async function send(delivery: Claimed, now: Date, timeoutMs: number) {
  const headers = webhookHeaders({ secret: delivery.secret, id: delivery.id, at: now, body: delivery.payload });
  const outcome = await postWebhook({ url: delivery.url, headers, body: delivery.payload, allowPrivateNetwork: delivery.allowPrivateNetwork, timeoutMs });
  await recordAttempt(delivery, outcome, now);
}

/**
 * Sends every webhook delivery that is due at `now` (the background ticker calls this; requests only write the outbox).
 * Each attempt is logged; a 2xx delivers, a 410 fails it and disables the endpoint, anything else schedules the next
 * retry (later if the receiver's retry-after asks) or, after the last, fails the delivery.
 */
export async function deliverDueWebhooks(now: Date = new Date(), { timeoutMs = SEND_TIMEOUT_MS }: { timeoutMs?: number } = {}): Promise<{ attempted: number }> {
  const queue = await claimDue(now);
  const attempted = queue.length;
  const worker = async () => {
    for (let delivery = queue.shift(); delivery; delivery = queue.shift()) await send(delivery, now, timeoutMs);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, attempted) }, worker));
  return { attempted };
}
