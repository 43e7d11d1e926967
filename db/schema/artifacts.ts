import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id } from './columns';
import { users } from './users';

/** Content-addressed blobs: the bytes live at DATA_DIR/blobs/sha256/ab/cd/<sha256>; the file name is metadata. */
export const blobs = sqliteTable('blobs', {
  sha256: text('sha256').primaryKey(),
  size: integer('size').notNull(),
  format: text('format').notNull(),
  originalName: text('original_name'),
  mediaType: text('media_type'),
  scan: text('scan', { mode: 'json' }).$type<Record<string, unknown>>(),
  uploadedById: text('uploaded_by_id').references(() => users.id),
  createdAt: createdAt(),
});

export const INTEGRITY_SUBJECTS = ['model_version', 'deployment'] as const;

/** Results of re-hashing stored bytes and of comparing deployment digests; open flags show on dashboards. */
export const integrityChecks = sqliteTable(
  'integrity_checks',
  {
    id: id(),
    subjectType: text('subject_type', { enum: INTEGRITY_SUBJECTS }).notNull(),
    subjectId: text('subject_id').notNull(),
    kind: text('kind').notNull(),
    ok: integer('ok', { mode: 'boolean' }).notNull(),
    expectedSha256: text('expected_sha256'),
    actualSha256: text('actual_sha256'),
    message: text('message').notNull().default(''),
    checkedById: text('checked_by_id').references(() => users.id),
    resolvedAt: text('resolved_at'),
    createdAt: createdAt(),
  },
  (t) => [index('integrity_checks_subject_idx').on(t.subjectType, t.subjectId)],
);
