import { index, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { modelVersions } from './models';
import { users } from './users';

/** Settings an admin sets in the UI for an integration (e.g. `mlflow.webhook_secret`); every change is audited. */
export const integrationSettings = pgTable('integration_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedById: text('updated_by_id').references(() => users.id),
  updatedAt: text('updated_at').notNull(),
});

/** Every MLflow webhook delivery accepted, by its `X-MLflow-Delivery-Id`: a replayed id is refused. */
export const mlflowDeliveries = pgTable(
  'mlflow_deliveries',
  {
    deliveryId: text('delivery_id').primaryKey(),
    event: text('event').notNull(),
    /** The delivery's `X-MLflow-Timestamp` (seconds), as sent. */
    sentAt: text('sent_at').notNull(),
    receivedAt: createdAt(),
    /** What the receiver did: `registered`, `updated`, `awaiting_digest`, `ignored` ... */
    outcome: text('outcome').notNull(),
    detail: text('detail').notNull().default(''),
  },
  (t) => [index('mlflow_deliveries_received_idx').on(t.receivedAt)],
);

/**
 * What Provenant knows of each MLflow model version (from webhooks or reconciliation). It becomes a Provenant model
 * version once its artifact digest is known (a tag), since evidence and approvals bind to bytes, not names.
 */
export const mlflowModelVersions = pgTable(
  'mlflow_model_versions',
  {
    name: text('name').notNull(),
    version: text('version').notNull(),
    runId: text('run_id'),
    source: text('source'),
    tags: jsonb('tags').$type<Record<string, string>>().notNull().default({}),
    aliases: jsonb('aliases').$type<string[]>().notNull().default([]),
    modelVersionId: text('model_version_id').references(() => modelVersions.id),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.name, t.version] })],
);
