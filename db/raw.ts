import 'server-only';
import type Database from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { DIALECT } from './dialect';
import { currentSqlite, getDb } from './index';

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

/**
 * The rows of a hand-written statement as arrays, in the order it selects its columns (give each a distinct name):
 * for loops over thousands of rows, where an object per row costs as much as the work. `sqlite` reads another SQLite
 * connection than the current one (a read-only copy being verified).
 */
export async function rawArrays<T extends unknown[]>(query: SQL, sqlite?: Database.Database): Promise<T[]> {
  if (DIALECT === 'postgresql' && !sqlite) return (await rawRows<Record<string, unknown>>(query)).map((row) => Object.values(row) as T);
  const { sql: text, params } = sqliteDialect.sqlToQuery(query);
  return (sqlite ?? currentSqlite()).prepare(text).raw().all(...params) as T[];
}
