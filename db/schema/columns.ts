import { text } from 'drizzle-orm/sqlite-core';

/** Shared with the PostgreSQL schema (db/schema-pg/columns.ts), so both dialects make ids and times alike. */
export const newId = () => crypto.randomUUID();
export const nowIso = () => new Date().toISOString();

/** Primary keys are random UUIDs: safe to expose in URLs and stable across exports. */
export const id = () =>
  text('id')
    .primaryKey()
    .$defaultFn(newId);

/** Timestamps are ISO-8601 UTC strings: they sort as text and read well in audit exports. */
export const createdAt = () =>
  text('created_at')
    .notNull()
    .$defaultFn(nowIso);

export const updatedAt = () =>
  text('updated_at')
    .notNull()
    .$defaultFn(nowIso);
