import 'server-only';
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { DIALECT } from './dialect';
import { currentPostgres, currentSqlite, getDb, namedStatementsAllowed } from './index';

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

/** The name a statement's text is kept under on a PostgreSQL connection: its digest, so a name always means one text. */
export const statementName = (text: string) => `provenant_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;

/**
 * rawArrays for a statement whose text recurs with other values and whose best plan does not depend on them (counts
 * of index ranges): on PostgreSQL a named statement, parsed and planned once per connection, where planning the
 * findings chart's 64 range counts anew cost about as much as counting them; unnamed when
 * DATABASE_PREPARED_STATEMENTS=false. On SQLite, rawArrays.
 */
export async function rawArraysPlannedOnce<T extends unknown[]>(query: SQL): Promise<T[]> {
  if (DIALECT !== 'postgresql') return rawArrays<T>(query);
  const { sql: text, params } = pgDialect.sqlToQuery(query);
  return (await currentPostgres().query<T>({ name: namedStatementsAllowed() ? statementName(text) : undefined, text, values: params, rowMode: 'array' })).rows;
}
