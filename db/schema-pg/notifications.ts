import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns';
import { users } from './users';
import { WEBHOOK_DELIVERY_STATUSES } from '../schema/notifications';

export { WEBHOOK_DELIVERY_STATUSES } from '../schema/notifications';

/** A person's inbox item, written in the transaction of the change it tells about. */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** The event type (`finding.raised` ...), as webhooks name it. */
    type: text('type').notNull(),
    title: text('title').notNull(),
    href: text('href').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    createdAt: createdAt(),
    readAt: text('read_at'),
  },
  // The entity index finds the news about one record, to settle it when the record no longer asks for anything.
  (t) => [index('notifications_user_idx').on(t.userId, t.readAt, t.createdAt), index('notifications_user_recent_idx').on(t.userId, t.createdAt), index('notifications_entity_idx').on(t.entityId, t.type)],
);

/** An outgoing webhook target (admin-managed), signed the Standard Webhooks way with its secret. */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: id(),
  url: text('url').notNull(),
  description: text('description').notNull().default(''),
  /** `whsec_` + base64 of 32 random bytes; shown once at creation. */
  secret: text('secret').notNull(),
  eventTypes: jsonb('event_types').$type<string[]>().notNull(),
  /** An admin's explicit permission to target loopback, private or link-local addresses. */
  allowPrivateNetwork: boolean('allow_private_network').notNull().default(false),
  enabled: boolean('enabled').notNull().default(true),
  createdById: text('created_by_id')
    .notNull()
    .references(() => users.id),
  createdAt: createdAt(),
  disabledAt: text('disabled_at'),
});

/** The outbox: one message per endpoint and event, delivered after the change commits, retried with back-off. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    /** The `webhook-id` header (`msg_...`): the receiver's idempotency key, the same on every retry. */
    id: text('id').primaryKey(),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id),
    eventType: text('event_type').notNull(),
    payload: text('payload').notNull(),
    status: text('status', { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    /** A sender claims a delivery by setting this lease; another process leaves it alone until it lapses. */
    leaseUntil: text('lease_until'),
    deliveredAt: text('delivered_at'),
    createdAt: createdAt(),
  },
  (t) => [index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt), index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt)],
);

/** The delivery log: every attempt, its answer or error, and how long it took. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: id(),
    deliveryId: text('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id),
    attempt: integer('attempt').notNull(),
    at: text('at').notNull(),
    httpStatus: integer('http_status'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [uniqueIndex('webhook_attempts_uq').on(t.deliveryId, t.attempt)],
);
