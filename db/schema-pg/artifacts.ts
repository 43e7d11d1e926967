import { bigint, boolean, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns';
import { users } from './users';
import { INTEGRITY_SUBJECTS } from '../schema/artifacts';

export { INTEGRITY_SUBJECTS } from '../schema/artifacts';

/** Content-addressed blobs: the bytes live at DATA_DIR/blobs/sha256/ab/cd/<sha256>; the file name is metadata. */
export const blobs = pgTable('blobs', {
  sha256: text('sha256').primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  format: text('format').notNull(),
  originalName: text('original_name'),
  mediaType: text('media_type'),
  scan: jsonb('scan').$type<Record<string, unknown>>(),
  uploadedById: text('uploaded_by_id').references(() => users.id),
  createdAt: createdAt(),
});

/** Results of re-hashing stored bytes and of comparing deployment digests; open flags show on dashboards. */
export const integrityChecks = pgTable(
  'integrity_checks',
  {
    id: id(),
    subjectType: text('subject_type', { enum: INTEGRITY_SUBJECTS }).notNull(),
    subjectId: text('subject_id').notNull(),
    kind: text('kind').notNull(),
    ok: boolean('ok').notNull(),
    expectedSha256: text('expected_sha256'),
    actualSha256: text('actual_sha256'),
    message: text('message').notNull().default(''),
    checkedById: text('checked_by_id').references(() => users.id),
    resolvedAt: text('resolved_at'),
    createdAt: createdAt(),
  },
  (t) => [index('integrity_checks_subject_idx').on(t.subjectType, t.subjectId)],
);
