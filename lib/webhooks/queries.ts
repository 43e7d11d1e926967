import 'server-only';
import { asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { NotFound } from '@/lib/errors';
import { entityKey, resolveEntityNames, type EntityRef } from '@/lib/dashboard/entity-names';

type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookEndpoint = Omit<EndpointRow, 'secret'>;

/** The one place an endpoint leaves the database for a page, an answer or the audit trail: never with its secret. */
export function withoutSecret({ secret: _secret, ...endpoint }: EndpointRow): WebhookEndpoint {
  return endpoint;
}

const publicColumns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  eventTypes: webhookEndpoints.eventTypes,
  allowPrivateNetwork: webhookEndpoints.allowPrivateNetwork,
  enabled: webhookEndpoints.enabled,
  createdById: webhookEndpoints.createdById,
  createdAt: webhookEndpoints.createdAt,
  disabledAt: webhookEndpoints.disabledAt,
};

/** Every endpoint (an admin keeps a handful) with its latest delivery, read through the endpoint/created index. */
export async function listWebhookEndpoints(actor: Actor) {
  assertCan(actor, 'webhook.manage');
  // Qualified by hand: drizzle writes a lone "id" here, which inside the subquery would mean the delivery's own id.
  const latest = (column: string) =>
    sql<string | null>`(SELECT ${sql.raw(`d.${column}`)} FROM webhook_deliveries d WHERE d.endpoint_id = webhook_endpoints.id ORDER BY d.created_at DESC LIMIT 1)`;
  return await getDb()
    .select({ ...publicColumns, lastStatus: latest('status'), lastEventType: latest('event_type'), lastCreatedAt: latest('created_at') })
    .from(webhookEndpoints)
    .orderBy(desc(webhookEndpoints.createdAt));
}

export async function getWebhookEndpoint(actor: Actor, id: string): Promise<WebhookEndpoint> {
  assertCan(actor, 'webhook.manage');
  const endpoint = first(await getDb().select(publicColumns).from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).limit(1));
  if (!endpoint) throw new NotFound('Webhook endpoint');
  return endpoint;
}

/** One page of an endpoint's delivery log, newest first, each delivery with all its attempts. */
export async function listWebhookDeliveries(actor: Actor, endpointId: string, { page, pageSize }: { page: number; pageSize: number }) {
  await getWebhookEndpoint(actor, endpointId);
  const db = getDb();
  const byEndpoint = eq(webhookDeliveries.endpointId, endpointId);
  const total = first(await db.select({ n: count() }).from(webhookDeliveries).where(byEndpoint).limit(1))?.n ?? 0;
  const deliveries = await db
    .select({
      id: webhookDeliveries.id,
      eventType: webhookDeliveries.eventType,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      deliveredAt: webhookDeliveries.deliveredAt,
      createdAt: webhookDeliveries.createdAt,
      payload: webhookDeliveries.payload,
    })
    .from(webhookDeliveries)
    .where(byEndpoint)
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const ids = deliveries.map((d) => d.id);
  const attempts = ids.length === 0 ? [] : await db.select().from(webhookAttempts).where(inArray(webhookAttempts.deliveryId, ids)).orderBy(asc(webhookAttempts.attempt));
  // What each delivery carried, named as the audit trail names it: "F-6 Drift on amount", linked.
  const subjects = deliveries.map(({ payload }) => subjectOf(payload));
  const names = await resolveEntityNames(subjects.filter((ref): ref is EntityRef => ref !== null));
  const items = deliveries.map(({ payload: _payload, ...d }, i) => {
    const ref = subjects[i];
    const name = ref ? names.get(entityKey(ref)) : undefined;
    return { ...d, subject: ref ? { ...ref, label: name?.label ?? ref.id, href: name?.href ?? null } : null, attemptLog: attempts.filter((a) => a.deliveryId === d.id) };
  });
  return { items, total };
}

/** The record an event's payload is about (emit-event.ts puts `entityType` and `entityId` in its `data`). */
function subjectOf(payload: string): EntityRef | null {
  const data = (JSON.parse(payload) as { data?: { entityType?: unknown; entityId?: unknown } } | null)?.data;
  return typeof data?.entityType === 'string' && typeof data.entityId === 'string' ? { type: data.entityType, id: data.entityId } : null;
}

export type WebhookDeliveryRow = Awaited<ReturnType<typeof listWebhookDeliveries>>['items'][number];
