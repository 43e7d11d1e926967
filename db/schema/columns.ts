import { text } from 'drizzle-orm/sqlite-core';

/** Primary keys are random UUIDs: safe to expose in URLs and stable across exports. */
export const id = () =>
  text('id')
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID());

/** Timestamps are ISO-8601 UTC strings: they sort as text and read well in audit exports. */
export const createdAt = () =>
  text('created_at')
    .notNull()
    .$defaultFn(() => new Date().toISOString());

export const updatedAt = () =>
  text('updated_at')
    .notNull()
    .$defaultFn(() => new Date().toISOString());
