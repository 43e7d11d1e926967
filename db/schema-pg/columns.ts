import { text } from 'drizzle-orm/pg-core';
import { newId, nowIso } from '../schema/columns';

/** The PostgreSQL twins of db/schema/columns.ts: text ids and ISO-8601 times, made by the same functions. */
export const id = () => text('id').primaryKey().$defaultFn(newId);

export const createdAt = () => text('created_at').notNull().$defaultFn(nowIso);

export const updatedAt = () => text('updated_at').notNull().$defaultFn(nowIso);
