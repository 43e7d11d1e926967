import 'server-only';
import { getTableColumns, sql, type Column } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { changedRows, getDb, namedStatementsAllowed, type Db } from '@/db';
import { statementName } from '@/db/raw';

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

type Values = Record<string, unknown>;
/** What drizzle's `.prepare()` gives on SQLite (the type the code sees); on PostgreSQL the object has `execute` instead. */
type SqlitePrepared = { all: (values?: Values) => unknown; get: (values?: Values) => unknown; run: (values?: Values) => unknown };
type PostgresPrepared = { execute: (values?: Values) => Promise<unknown> };
/** drizzle's node-postgres prepared query: the two configs it hands to node-postgres's client.query. */
type QueryConfigs = { queryConfig?: { name?: string; text: string }; rawQueryConfig?: { name?: string; text: string } };

const WRITE = /^\s*(insert|update|delete)\b/i;

/**
 * On PostgreSQL, a write prepared once in the code is made a named statement, which node-postgres parses once per
 * connection: parsing and planning each execution anew cost about a third of a small insert's time. The name is the
 * text's digest, so it always names the same text. Reads stay unnamed: PostgreSQL plans them for their values, where
 * a named statement's generic plan could suit skewed data badly. A statement made for one rare use (`keep: false`)
 * stays unnamed too, so that connections do not gather them, and so does every statement when
 * DATABASE_PREPARED_STATEMENTS=false (a pooler that cannot keep them).
 */
function nameWrite(prepared: QueryConfigs) {
  const { queryConfig, rawQueryConfig } = prepared;
  if (!queryConfig || !rawQueryConfig || !WRITE.test(queryConfig.text)) return;
  queryConfig.name = rawQueryConfig.name = statementName(queryConfig.text);
}

/** A prepared statement run the same way on both databases: every row, the first row, or how many rows it changed. */
export type PortablePrepared<P extends SqlitePrepared> = {
  all: (values?: Values) => Promise<ReturnType<P['all']>>;
  get: (values?: Values) => Promise<ReturnType<P['get']>>;
  run: (values?: Values) => Promise<number>;
};

export function portable<P extends SqlitePrepared>(prepared: P, { keep = true }: { keep?: boolean } = {}): PortablePrepared<P> {
  if (typeof (prepared as Partial<SqlitePrepared>).get !== 'function') {
    if (keep && namedStatementsAllowed()) nameWrite(prepared as QueryConfigs);
    const execute = (values?: Values) => (prepared as unknown as PostgresPrepared).execute(values);
    return {
      all: async (values) => (await execute(values)) as ReturnType<P['all']>,
      get: async (values) => ((await execute(values)) as unknown[])[0] as ReturnType<P['get']>,
      run: async (values) => changedRows((await execute(values)) as object),
    };
  }
  return {
    all: async (values) => prepared.all(values) as ReturnType<P['all']>,
    get: async (values) => prepared.get(values) as ReturnType<P['get']>,
    run: async (values) => changedRows(prepared.run(values) as object),
  };
}

/**
 * `cachePerConnection` for a set of drizzle prepared statements, each made `portable`: on SQLite prepared once per
 * connection; on PostgreSQL once per transaction's connection (writes as named statements: see nameWrite).
 */
export function preparedPerConnection<T extends Record<string, SqlitePrepared>>(build: (db: Db) => T): () => { [K in keyof T]: PortablePrepared<T[K]> } {
  return cachePerConnection((db) => Object.fromEntries(Object.entries(build(db)).map(([key, prepared]) => [key, portable(prepared)])) as { [K in keyof T]: PortablePrepared<T[K]> });
}

/**
 * SQLite's boolean columns: drizzle encodes a placeholder's value for them as `value ? 1 : 0`, which would store a
 * caller's null (not known) as false. Their placeholders are bound raw, and `withDefaults` encodes the value itself.
 */
const isSqliteBoolean = (column: Column) => column.columnType === 'SQLiteBoolean';

/**
 * Every column of `table` as a placeholder of the same name (or of the name `named` gives): the values of an insert
 * prepared once, filled by `withDefaults`.
 */
export function columnPlaceholders<T extends SQLiteTable>(table: T, named: (column: string) => string = (column) => column): T['$inferInsert'] {
  return Object.fromEntries(Object.entries(getTableColumns(table)).map(([key, column]) => [key, isSqliteBoolean(column) ? sql`${sql.placeholder(named(key))}` : sql.placeholder(named(key))])) as T['$inferInsert'];
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
  for (const [key, column] of columns) {
    const value = given[key] !== undefined ? given[key] : (column.default ?? once(column.defaultFn) ?? once(column.onUpdateFn) ?? null);
    row[key] = isSqliteBoolean(column) && typeof value === 'boolean' ? Number(value) : value;
  }
  return row;
}
