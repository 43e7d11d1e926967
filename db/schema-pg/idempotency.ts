import { integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';

/**
 * The first answer to a POST that carried an `Idempotency-Key`, per caller: a retry with the same key and body gets
 * it again; the same key with another body is a conflict.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** `user:<id>` or `token:<id>`: keys are scoped to the caller that sent them. */
    callerKey: text('caller_key').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    requestSha256: text('request_sha256').notNull(),
    status: integer('status').notNull(),
    responseBody: text('response_body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.callerKey, t.key] })],
);
