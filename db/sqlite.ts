import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { databaseFile, MIGRATIONS_DIR } from '@/lib/config';
import { missingAppendOnlyTriggers } from './append-only-triggers';
import * as schema from './schema/sqlite';

type OpenOptions = { file?: string; requireTriggers?: boolean };

/** What every connection to the file needs, the writer's, the reader's and a read transaction's own. */
export function configure(sqlite: Database.Database) {
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
}

/** Opens the database, applies pending migrations and (by default) refuses to run without the append-only triggers. */
export function openDatabase({ file = databaseFile(), requireTriggers = true }: OpenOptions = {}) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  configure(sqlite);
  sqlite.pragma('synchronous = FULL');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  // Gathers planner statistics where they are missing or stale, so filters pick the selective index.
  sqlite.pragma('optimize=0x10002');
  const missing = missingAppendOnlyTriggers(sqlite);
  if (requireTriggers && missing.length > 0) {
    sqlite.close();
    throw new Error(`Refusing to start: append-only triggers missing (${missing.join(', ')}). The audit trail cannot be trusted.`);
  }
  // Reads outside transactions go to a second, read-only connection: they see committed data only, never the
  // half-done writes of a transaction that is waiting on something, and a write outside a transaction fails loudly.
  const readerSqlite = new Database(file, { readonly: true, fileMustExist: true });
  configure(readerSqlite);
  const reader = drizzle(readerSqlite, { schema });
  return { db, sqlite, reader, readerSqlite };
}
