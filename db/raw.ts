import 'server-only';
import type { SQL } from 'drizzle-orm';
import { DIALECT } from './dialect';
import { getDb } from './index';

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
