import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { databaseFile, MIGRATIONS_DIR } from '@/lib/config';
import * as schema from './schema';

export type Db = ReturnType<typeof drizzle<typeof schema>>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export const APPEND_ONLY_TRIGGERS = [
  'audit_events_no_update',
  'audit_events_no_delete',
  'signatures_no_update',
  'signatures_no_delete',
  'promotion_snapshots_no_update',
  'promotion_snapshots_no_delete',
  'reviews_no_update',
  'reviews_no_delete',
  'incident_actions_no_update',
  'incident_actions_no_delete',
  'finding_waivers_terms_fixed',
  'finding_waivers_no_delete',
  'trust_configs_no_update',
  'trust_configs_no_delete',
  'model_signatures_no_update',
  'model_signatures_no_delete',
  'signing_keys_only_retire',
  'signing_keys_no_delete',
] as const;

export function missingAppendOnlyTriggers(sqlite: Database.Database): string[] {
  const present = new Set(
    sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
      .pluck()
      .all() as string[],
  );
  return APPEND_ONLY_TRIGGERS.filter((name) => !present.has(name));
}

type OpenOptions = { file?: string; requireTriggers?: boolean };

/** Opens the database, applies pending migrations and (by default) refuses to run without the append-only triggers. */
export function openDatabase({ file = databaseFile(), requireTriggers = true }: OpenOptions = {}) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
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
  return { db, sqlite };
}

const globalForDb = globalThis as unknown as { provenantDb?: ReturnType<typeof openDatabase> };

/** The single connection of this process. */
export function getConnection() {
  globalForDb.provenantDb ??= openDatabase();
  return globalForDb.provenantDb;
}

export function getDb(): Db {
  return getConnection().db;
}

/** For tests and the CLI: close and forget the process connection (the next call reopens at the current DATA_DIR). */
export function closeConnection() {
  globalForDb.provenantDb?.sqlite.close();
  globalForDb.provenantDb = undefined;
}
