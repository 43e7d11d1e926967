import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id } from './columns';
import { users } from './users';
import { PACK_SCOPES } from './vocabulary';

export { PACK_SCOPES };

export const PACK_STATUSES = ['queued', 'running', 'done', 'failed'] as const;

export const evidencePacks = sqliteTable('evidence_packs', {
  id: id(),
  scopeType: text('scope_type', { enum: PACK_SCOPES }).notNull(),
  scopeId: text('scope_id'),
  periodFrom: text('period_from'),
  periodTo: text('period_to'),
  status: text('status', { enum: PACK_STATUSES }).notNull().default('queued'),
  progress: integer('progress').notNull().default(0),
  /** What the generator is doing now ("collecting records", "rendering PDF" ...), shown beside the progress bar. */
  phase: text('phase'),
  /** The server process that spawned the generator: rows of another (dead) process are failed at its next start. */
  runnerId: text('runner_id'),
  /** When the generator last said it is alive: a replica fails another's running pack only once this is stale. */
  heartbeatAt: text('heartbeat_at'),
  pageCount: integer('page_count'),
  pdfSize: integer('pdf_size'),
  zipSize: integer('zip_size'),
  pdfSha256: text('pdf_sha256'),
  zipSha256: text('zip_sha256'),
  error: text('error'),
  requestedById: text('requested_by_id')
    .notNull()
    .references(() => users.id),
  createdAt: createdAt(),
  startedAt: text('started_at'),
  finishedAt: text('finished_at'),
});
