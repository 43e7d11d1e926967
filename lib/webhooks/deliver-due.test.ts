import { createHmac, timingSafeEqual } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { first as firstRow, getDb, withTransaction, unguardedWriter } from '@/db';
import { auditEvents, webhookAttempts, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { raiseFindingInTx } from '@/lib/findings/raise-finding';
import { emitEvent } from '@/lib/notify/emit-event';
import { makeActor, makeSystem } from '@/lib/testing';
import { createWebhookEndpoint } from './create-webhook-endpoint';
import { deliverDueWebhooks } from './deliver-due';
import { redeliverWebhook } from './redeliver-webhook';
import { JITTER, MAX_ATTEMPTS, RETRY_DELAYS_SECONDS } from './retry-schedule';
import { startReceiver, type Received } from './testing';

/** At send time "rebound.example" resolves to loopback (creation saw a public address): DNS rebinding. */
vi.mock('node:dns', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:dns')>();
  const lookup = ((host: string, options: object, callback: (...args: unknown[]) => void) =>
    host === 'rebound.example' ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : actual.lookup(host, options as never, callback as never)) as typeof actual.lookup;
  return { ...actual, default: { ...actual, lookup }, lookup };
});
vi.mock('node:dns/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:dns/promises')>();
  const lookup = (async (host: string, options: object) => (host === 'rebound.example' ? [{ address: '93.184.216.34', family: 4 }] : actual.lookup(host, options as never))) as typeof actual.lookup;
  return { ...actual, default: { ...actual, lookup }, lookup };
});

let admin: Actor;
const T0 = new Date('2026-12-02T10:00:00.000Z');
const receivers: { close: () => Promise<void> }[] = [];

beforeAll(async () => {
  admin = await makeActor(['admin']);
});

/** Each test sends only its own deliveries: the previous test's endpoints go quiet. */
afterEach(async () => {
  await unguardedWriter().update(webhookEndpoints).set({ enabled: false });
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function endpointFor(answer?: Parameters<typeof startReceiver>[0]) {
  const receiver = await startReceiver(answer);
  receivers.push(receiver);
  const endpoint = await createWebhookEndpoint(admin, { url: receiver.url, description: '', eventTypes: ['*'], allowPrivateNetwork: true });
  return { receiver, endpoint };
}

async function emitFindingEvent(now = T0) {
  await withTransaction(async (tx) => await emitEvent(tx, { type: 'finding.raised', title: 'F-1 raised', href: '/findings/x', entityType: 'finding', entityId: 'x', recipients: [], data: { ref: 'F-1' } }, now));
}

const delivery = async (endpointId: string) => firstRow(await getDb().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)).limit(1))!;
const attemptsOf = async (deliveryId: string) => await getDb().select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, deliveryId)).orderBy(asc(webhookAttempts.attempt));

/** The receiver's own check, from the spec: recompute over id.timestamp.body with the decoded secret, compare in constant time. */
function verifiedByReceiver(secret: string, request: Received) {
  const h = request.headers as Record<string, string>;
  const expected = createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64')).update(`${h['webhook-id']}.${h['webhook-timestamp']}.${request.body}`).digest();
  const given = Buffer.from(h['webhook-signature']!.replace(/^v1,/, ''), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('deliverDueWebhooks', () => {
  it('POSTs the event with the three Standard Webhooks headers, which the receiver verifies, and marks it delivered', async () => {
    const { receiver, endpoint } = await endpointFor();
    await emitFindingEvent();
    expect(await deliverDueWebhooks(T0)).toEqual({ attempted: 1 });
    const [request] = receiver.received;
    const sent = await delivery(endpoint.id);
    expect(receiver.received).toHaveLength(1);
    expect(request!.headers['webhook-id']).toBe(sent.id);
    expect(request!.headers['webhook-timestamp']).toBe(String(T0.getTime() / 1000));
    expect(request!.headers['content-type']).toBe('application/json');
    expect(verifiedByReceiver(endpoint.secret, request!)).toBe(true);
    expect(JSON.parse(request!.body)).toEqual({ type: 'finding.raised', timestamp: T0.toISOString(), data: { ref: 'F-1', entityType: 'finding', entityId: 'x' } });
    expect(sent).toMatchObject({ status: 'delivered', attempts: 1, deliveredAt: T0.toISOString(), leaseUntil: null });
    expect(await attemptsOf(sent.id)).toMatchObject([{ attempt: 1, httpStatus: 200, error: null }]);
    expect(await deliverDueWebhooks(new Date(T0.getTime() + 86400_000))).toEqual({ attempted: 0 });
  });

  it('retries a failing target on the spec’s schedule (with at most 10% jitter), not before, then marks it failed; a redelivery tries once more', async () => {
    const { receiver, endpoint } = await endpointFor(() => ({ status: 500 }));
    await emitFindingEvent();
    let now = T0;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const delay = RETRY_DELAYS_SECONDS[attempt - 1];
      expect(await deliverDueWebhooks(now)).toEqual({ attempted: 1 });
      const row = await delivery(endpoint.id);
      expect(row.attempts).toBe(attempt);
      if (delay === undefined) break;
      const next = new Date(row.nextAttemptAt);
      const ended = now.getTime() + (await attemptsOf(row.id)).at(-1)!.durationMs!;
      expect(row.status).toBe('pending');
      expect(next.getTime() - ended).toBeGreaterThanOrEqual(delay * 1000);
      expect(next.getTime() - ended).toBeLessThanOrEqual(delay * 1000 * (1 + JITTER));
      expect(await deliverDueWebhooks(new Date(next.getTime() - 1))).toEqual({ attempted: 0 });
      now = next;
    }
    const failed = await delivery(endpoint.id);
    expect(failed.status).toBe('failed');
    expect(receiver.received).toHaveLength(MAX_ATTEMPTS);
    expect((await attemptsOf(failed.id)).map((a) => a.httpStatus)).toEqual(Array(MAX_ATTEMPTS).fill(500));
    expect(await deliverDueWebhooks(new Date(now.getTime() + 30 * 86400_000))).toEqual({ attempted: 0 });
    await redeliverWebhook(admin, failed.id, now);
    expect(await deliverDueWebhooks(now)).toEqual({ attempted: 1 });
    expect(await delivery(endpoint.id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS + 1 });
  });

  it('never sends one attempt twice: two concurrent senders make one POST', async () => {
    const { receiver, endpoint } = await endpointFor();
    await emitFindingEvent();
    const [a, b] = await Promise.all([deliverDueWebhooks(T0), deliverDueWebhooks(T0)]);
    expect(a.attempted + b.attempted).toBe(1);
    expect(receiver.received).toHaveLength(1);
    expect(await attemptsOf((await delivery(endpoint.id)).id)).toHaveLength(1);
  });

  it('does not follow a redirect: a 3xx is a failed attempt and the Location is never called', async () => {
    const { receiver, endpoint } = await endpointFor((r) => (r.path === '/hook' ? { status: 302, headers: { location: '/elsewhere' } } : { status: 200 }));
    await emitFindingEvent();
    await deliverDueWebhooks(T0);
    expect(receiver.received.map((r) => r.path)).toEqual(['/hook']);
    expect(await delivery(endpoint.id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await attemptsOf((await delivery(endpoint.id)).id)).toMatchObject([{ httpStatus: 302 }]);
  });

  it('a hanging target never slows a verb that emits: the verb returns while the send waits, and the send times out', async () => {
    const { receiver, endpoint } = await endpointFor(() => 'hang');
    const scientist = await makeActor(['data_scientist']);
    const system = await makeSystem(scientist);
    const raise = async (title: string) =>
      await withTransaction(async (tx) => await raiseFindingInTx(tx, scientist, { type: 'limitation', severity: 'low', title, description: 'x', subjectType: 'system', subjectId: system.id, source: 'manual' }, T0));
    await raise('First');
    const sending = deliverDueWebhooks(T0, { timeoutMs: 1_500 });
    await vi.waitFor(() => expect(receiver.received).toHaveLength(1));
    const second = await raise('Second');
    expect(second.finding.title).toBe('Second');
    expect(await getDb().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id))).toHaveLength(2);
    expect(await sending).toEqual({ attempted: 1 });
    const [first] = (await getDb().select().from(webhookAttempts)).filter((a) => a.error?.startsWith('No answer'));
    expect(first).toMatchObject({ httpStatus: null, error: 'No answer within 1.5 s.' });
    // The retry counts from the attempt's end: 5 s after the 1.5 s timeout, not 5 s after the send began.
    const retry = new Date(firstRow(await getDb().select().from(webhookDeliveries).where(eq(webhookDeliveries.id, first!.deliveryId)).limit(1))!.nextAttemptAt);
    expect(first!.durationMs).toBeGreaterThanOrEqual(1_500);
    expect(retry.getTime() - T0.getTime()).toBeGreaterThanOrEqual(1_500 + 5_000);
  });

  it('checks the address again at send time: a name re-pointed to loopback is refused and nothing is sent', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const endpoint = await createWebhookEndpoint(admin, { url: `http://rebound.example:${receiver.port}/hook`, description: '', eventTypes: ['*'], allowPrivateNetwork: false });
    await emitFindingEvent();
    await deliverDueWebhooks(T0);
    expect(receiver.received).toHaveLength(0);
    expect(await attemptsOf((await delivery(endpoint.id)).id)).toMatchObject([{ httpStatus: null, error: 'Refused: rebound.example resolves to 127.0.0.1, a loopback address.' }]);
  });

  it('stops at 410 Gone: the delivery fails at once and the endpoint is disabled, audited as the sender', async () => {
    const { receiver, endpoint } = await endpointFor(() => ({ status: 410 }));
    await emitFindingEvent();
    await emitFindingEvent();
    await deliverDueWebhooks(T0);
    expect(receiver.received.length).toBeGreaterThanOrEqual(1);
    const rows = await getDb().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(rows.filter((r) => r.status === 'failed').length).toBe(receiver.received.length);
    expect(firstRow(await getDb().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id)).limit(1))).toMatchObject({ enabled: false, disabledAt: T0.toISOString() });
    const audit = (await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, endpoint.id))).at(-1)!;
    expect(audit).toMatchObject({ action: 'webhook.updated', actorType: 'system', actorLabel: 'webhook sender' });
    expect(await deliverDueWebhooks(new Date(T0.getTime() + 86400_000))).toEqual({ attempted: 0 });
  });

  it('waits longer when the receiver asks with retry-after (delta-seconds), at most the schedule’s longest delay', async () => {
    let retryAfter = '3600';
    const { endpoint } = await endpointFor(() => ({ status: 503, headers: { 'retry-after': retryAfter } }));
    await emitFindingEvent();
    const tookMs = async () => (await attemptsOf((await delivery(endpoint.id)).id)).at(-1)!.durationMs!;
    await deliverDueWebhooks(T0);
    const second = new Date(T0.getTime() + await tookMs() + 3600_000);
    expect((await delivery(endpoint.id)).nextAttemptAt).toBe(second.toISOString());
    retryAfter = '999999999';
    await deliverDueWebhooks(second);
    const third = new Date(second.getTime() + await tookMs() + 24 * 3600_000);
    expect((await delivery(endpoint.id)).nextAttemptAt).toBe(third.toISOString());
    retryAfter = 'Wed, 21 Oct 2099 07:28:00 GMT';
    await deliverDueWebhooks(third);
    const wait = new Date((await delivery(endpoint.id)).nextAttemptAt).getTime() - third.getTime() - await tookMs();
    expect(wait).toBeGreaterThanOrEqual(30 * 60_000);
    expect(wait).toBeLessThanOrEqual(30 * 60_000 * (1 + JITTER));
  });

  it('leaves a disabled endpoint’s deliveries alone', async () => {
    const { receiver, endpoint } = await endpointFor();
    await emitFindingEvent();
    await unguardedWriter().update(webhookEndpoints).set({ enabled: false }).where(eq(webhookEndpoints.id, endpoint.id));
    expect(await deliverDueWebhooks(T0)).toEqual({ attempted: 0 });
    expect(receiver.received).toHaveLength(0);
  });
});
