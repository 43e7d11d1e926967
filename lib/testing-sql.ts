import { randomBytes } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import { getConnection, unguardedWriter } from '@/db';
import { DIALECT } from '@/db/dialect';
import { messagesOf } from '@/lib/errors';

/**
 * Test support: hand-written SQL on the database under test (SQLite, or PostgreSQL in `npm run test:pg`), outside the
 * application's guards, to set rows up or tamper with them on purpose. Used only by *.test.ts files.
 */
type SqliteDb = { all: (query: SQL) => unknown[]; run: (query: SQL) => unknown };
type PostgresDb = { execute: (query: SQL) => Promise<{ rows: unknown[] }> };

export const onPostgres = DIALECT === 'postgresql';

/** The rows of a statement, keyed by column name (quote camelCase aliases for PostgreSQL). */
export async function sqlRows<T = Record<string, unknown>>(query: SQL): Promise<T[]> {
  const db = unguardedWriter() as unknown;
  return onPostgres ? ((await (db as PostgresDb).execute(query)).rows as T[]) : ((db as SqliteDb).all(query) as T[]);
}

/** The first column of the first row (a count, a stored value), or undefined when there is no row. */
export async function sqlValue<T = unknown>(query: SQL): Promise<T> {
  const [row] = await sqlRows<Record<string, unknown>>(query);
  return (row ? Object.values(row)[0] : undefined) as T;
}

/** `count(*)` of a table with an optional condition, as a number on both databases. */
export async function countRows(table: string, where?: SQL): Promise<number> {
  return Number(await sqlValue(sql`SELECT count(*) AS n FROM ${sql.identifier(table)}${where ? sql` WHERE ${where}` : sql``}`));
}

/** Runs a statement that returns nothing. */
export async function sqlRun(query: SQL): Promise<void> {
  const db = unguardedWriter() as unknown;
  if (onPostgres) await (db as PostgresDb).execute(query);
  else (db as SqliteDb).run(query);
}

/**
 * Runs `fn` with the append-only triggers of `table` off, then puts them back: tampering on purpose, as an attacker
 * with the database file or a superuser would. PostgreSQL disables them; SQLite has no such switch, so they are
 * dropped and created again from their stored definitions.
 */
export async function withoutAppendOnlyTriggers<T>(table: string, fn: () => Promise<T>): Promise<T> {
  if (onPostgres) {
    await sqlRun(sql`ALTER TABLE ${sql.identifier(table)} DISABLE TRIGGER USER`);
    try {
      return await fn();
    } finally {
      await sqlRun(sql`ALTER TABLE ${sql.identifier(table)} ENABLE TRIGGER USER`);
    }
  }
  const { sqlite } = getConnection();
  const triggers = sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?").all(table) as { name: string; sql: string }[];
  for (const t of triggers) sqlite.exec(`DROP TRIGGER "${t.name}"`);
  try {
    return await fn();
  } finally {
    for (const t of triggers) sqlite.exec(t.sql);
  }
}

/** The database's refusal of a statement (a trigger's message), whichever driver wrapped it. */
export async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return messagesOf(error);
  }
  return 'not refused';
}

/** A new, empty database in the PostgreSQL cluster `clusterUrl` names, as `createdb` would make it; its URL. */
export async function createEmptyDatabase(clusterUrl: string, prefix = 'provenant'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A role that owns nothing in the cluster of `ownerUrl` (made, or given a new password), for the app to run as while
 * `ownerUrl`'s role migrates (DATABASE_MIGRATION_URL), as production should; its URL to the same database.
 */
export async function appRoleUrl(ownerUrl: string, role = 'provenant_app'): Promise<string> {
  const password = randomBytes(16).toString('hex');
  const admin = new pg.Client({ connectionString: ownerUrl });
  await admin.connect();
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount;
    await admin.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${admin.escapeIdentifier(role)} LOGIN PASSWORD ${admin.escapeLiteral(password)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ownerUrl);
  [url.username, url.password] = [role, password];
  return url.toString();
}
