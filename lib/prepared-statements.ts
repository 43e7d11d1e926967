import 'server-only';
import { getTableColumns, sql, type Column } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { getDb, type Db } from '@/db';

/**
 * Builds `build(db)` once per connection and hands it back on every later call. The ingest path keeps drizzle
 * prepared statements (`.prepare()` with placeholders) this way: building and preparing SQL per call cost ~0.5 ms.
 */
export function cachePerConnection<T>(build: (db: Db) => T): () => T {
  const cache = new WeakMap<Db, T>();
  return () => {
    const db = getDb();
    let value = cache.get(db);
    if (value === undefined) {
      value = build(db);
      cache.set(db, value);
    }
    return value;
  };
}

/** Every column of `table` as a placeholder of the same name: the values of an insert prepared once. */
export function columnPlaceholders<T extends SQLiteTable>(table: T): T['$inferInsert'] {
  return Object.fromEntries(Object.keys(getTableColumns(table)).map((key) => [key, sql.placeholder(key)])) as T['$inferInsert'];
}

const columnLists = new WeakMap<SQLiteTable, [string, Column][]>();

/**
 * The values for a `columnPlaceholders` insert: a column left out takes its default (literal or `$defaultFn`), as in
 * drizzle's own insert; an SQL default would need that insert.
 */
export function withDefaults<T extends SQLiteTable>(table: T, values: T['$inferInsert']): Record<string, unknown> {
  let columns = columnLists.get(table);
  if (!columns) columnLists.set(table, (columns = Object.entries(getTableColumns(table))));
  const given = values as Record<string, unknown>;
  const row: Record<string, unknown> = {};
  // One call per default function and row: created_at and updated_at (both `nowIso`) get the same instant, as a new
  // row should say, where two calls could straddle a millisecond.
  const made = new Map<() => unknown, unknown>();
  const once = (fn: (() => unknown) | undefined) => {
    if (!fn) return undefined;
    if (!made.has(fn)) made.set(fn, fn());
    return made.get(fn);
  };
  for (const [key, column] of columns) row[key] = given[key] !== undefined ? given[key] : (column.default ?? once(column.defaultFn) ?? once(column.onUpdateFn) ?? null);
  return row;
}
