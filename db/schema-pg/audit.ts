import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';
import { ACTOR_TYPES } from '../schema/audit';

export { ACTOR_TYPES, type ActorType } from '../schema/audit';

/**
 * Append-only and hash-chained: hash = SHA-256(prevHash + canonical JSON of the event).
 * before/after hold canonical JSON text so verification needs no re-serialisation.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: text('at').notNull(),
    actorType: text('actor_type', { enum: ACTOR_TYPES }).notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    before: text('before'),
    after: text('after'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_events_entity_idx').on(t.entityType, t.entityId),
    index('audit_events_action_idx').on(t.action),
    index('audit_events_actor_idx').on(t.actorId),
    index('audit_events_at_idx').on(t.at),
  ],
);
