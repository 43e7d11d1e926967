import 'server-only';
import { eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { notifications, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { newMessageId } from '@/lib/webhooks/message-id';

/** The event types people and other systems are told about; webhook endpoints subscribe to these names. */
export const EVENT_TYPES = [
  'finding.raised',
  'finding.recurred',
  'finding.assigned',
  'finding.status_changed',
  'finding.closed',
  'finding.waived',
  'finding.waiver_proposed',
  'finding.waiver_declined',
  'finding.reopened',
  'review.due',
  'review.signed',
  'incident.recorded',
  'incident.updated',
  'promotion.requested',
  'promotion.approved',
  'promotion.rejected',
  'policy.change_proposed',
  'policy.change_decided',
  'user.role_requested',
  'user.role_decided',
  'monitoring.breach',
  'system.tier_confirmed',
  'system.transferred',
  'system.imported',
  'token.revoked',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export type OversightEvent = {
  type: EventType;
  /** One line for the inbox: "F-12 Drift on amount (PSI 0.31) is assigned to you". */
  title: string;
  /** Where the inbox item leads, inside the app (`/findings/<id>`). */
  href: string;
  entityType: string;
  entityId: string;
  /** People whose inbox gets the item; duplicates and nulls are dropped. */
  recipients: (string | null | undefined)[];
  /** The webhook payload's `data`: ids and facts, never secrets. */
  data: Record<string, unknown>;
};

/**
 * Tells people (inbox rows) and other systems (one outbox row per subscribed endpoint) in the transaction of the
 * change: nothing is sent from here, so a slow or failing target can never slow or undo the request.
 */
export async function emitEvent(tx: Tx, event: OversightEvent, now = new Date()) {
  const at = now.toISOString();
  const recipients = [...new Set(event.recipients.filter((r): r is string => typeof r === 'string' && r.length > 0))];
  for (const userId of recipients) {
    await tx.insert(notifications).values({ userId, type: event.type, title: event.title, href: event.href, entityType: event.entityType, entityId: event.entityId, createdAt: at });
  }
  const endpoints = await tx.select({ id: webhookEndpoints.id, eventTypes: webhookEndpoints.eventTypes }).from(webhookEndpoints).where(eq(webhookEndpoints.enabled, true));
  for (const endpoint of endpoints.filter((e) => e.eventTypes.includes(event.type) || e.eventTypes.includes('*'))) {
    const id = newMessageId();
    const payload = JSON.stringify({ type: event.type, timestamp: at, data: { ...event.data, entityType: event.entityType, entityId: event.entityId } });
    await tx.insert(webhookDeliveries).values({ id, endpointId: endpoint.id, eventType: event.type, payload, nextAttemptAt: at, createdAt: at });
  }
}
