import 'server-only';
import type Database from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { DIALECT } from './dialect';
import { currentPostgres, currentSqlite, getDb } from './index';

type SqliteRaw = { all: (query: SQL) => unknown[] };
type PostgresRaw = { execute: (query: SQL) => Promise<{ rows: unknown[] }> };

/**
 * The rows of a hand-written statement on the current database (the open transaction's inside one), keyed by its
 * column aliases: quote them (`AS "systemOwnerId"`), or PostgreSQL folds them to lower case.
 */
export async function rawRows<T>(query: SQL): Promise<T[]> {
  const db = getDb() as unknown;
  if (DIALECT === 'postgresql') return (await (db as PostgresRaw).execute(query)).rows as T[];
  return (db as SqliteRaw).all(query) as T[];
}

const sqliteDialect = new SQLiteSyncDialect();
const pgDialect = new PgDialect();

/**
 * The rows of a hand-written statement as arrays, in the order it selects its columns (give each a distinct name):
 * for loops over thousands of rows, where an object per row costs as much as the work. `sqlite` reads another SQLite
 * connection than the current one (a read-only copy being verified).
 */
export async function rawArrays<T extends unknown[]>(query: SQL, sqlite?: Database.Database): Promise<T[]> {
  if (DIALECT === 'postgresql' && !sqlite) {
    // node-postgres builds the arrays itself: no object per row, no key lookups.
    const { sql: text, params } = pgDialect.sqlToQuery(query);
    return (await currentPostgres().query<T>({ text, values: params, rowMode: 'array' })).rows;
  }
  const { sql: text, params } = sqliteDialect.sqlToQuery(query);
  return (sqlite ?? currentSqlite()).prepare(text).raw().all(...params) as T[];
}
