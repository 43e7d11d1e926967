import 'server-only';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { APPEND_ONLY_TRIGGERS } from './append-only-triggers';
import { appendOnlyTables, assertNoMoreThanNeeded, grantToAppRole } from './postgres-roles';
import * as schema from './schema-pg';

export const PG_MIGRATIONS_DIR = path.join(/* turbopackIgnore: true */ process.cwd(), 'db', 'migrations-pg');

/** Held while migrating, so that of several replicas starting at once one migrates and the others wait for it. */
const MIGRATION_LOCK_KEY = '7140001301';
const STATEMENT_TIMEOUT_MS = 30_000;
/** A replica that stalls inside a transaction would hold its row locks (the audit chain head) from every other one. */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

type AppendOnlyTrigger = (typeof APPEND_ONLY_TRIGGERS)[number];

/** PostgreSQL trigger names are per table: the table each of SQLite's append-only triggers belongs to. */
const TRIGGER_TABLES: Record<AppendOnlyTrigger, string> = {
  audit_events_no_update: 'audit_events',
  audit_events_no_delete: 'audit_events',
  signatures_no_update: 'signatures',
  signatures_no_delete: 'signatures',
  promotion_snapshots_no_update: 'promotion_snapshots',
  promotion_snapshots_no_delete: 'promotion_snapshots',
  reviews_no_update: 'reviews',
  reviews_no_delete: 'reviews',
  incident_actions_no_update: 'incident_actions',
  incident_actions_no_delete: 'incident_actions',
  finding_waivers_terms_fixed: 'finding_waivers',
  finding_waivers_no_delete: 'finding_waivers',
  waiver_proposals_terms_fixed: 'waiver_proposals',
  waiver_proposals_no_delete: 'waiver_proposals',
  trust_configs_no_update: 'trust_configs',
  trust_configs_no_delete: 'trust_configs',
  model_signatures_no_update: 'model_signatures',
  model_signatures_no_delete: 'model_signatures',
  signing_keys_only_retire: 'signing_keys',
  signing_keys_no_delete: 'signing_keys',
  user_emails_no_update: 'user_emails',
  user_emails_no_delete: 'user_emails',
};

/** SQLite's triggers, plus one per append-only table against TRUNCATE (which SQLite does not have). */
export const APPEND_ONLY_TRIGGERS_PG: { name: string; table: string }[] = [
  ...APPEND_ONLY_TRIGGERS.map((name) => ({ name, table: TRIGGER_TABLES[name] })),
  ...[...new Set(Object.values(TRIGGER_TABLES))].map((table) => ({ name: `${table}_no_truncate`, table })),
];

export type PgDb = ReturnType<typeof drizzle<typeof schema>>;
/** The append-only triggers absent from their tables, or present but not firing (disabled, or replica-only). */
export async function missingAppendOnlyTriggersPg(client: Queryable): Promise<string[]> {
  const { rows } = await client.query<{ table: string; name: string }>(
    `SELECT c.relname AS table, t.tgname AS name
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal AND t.tgenabled IN ('O', 'A')`,
  );
  const present = new Set(rows.map((row) => `${row.table}.${row.name}`));
  return APPEND_ONLY_TRIGGERS_PG.filter((t) => !present.has(`${t.table}.${t.name}`)).map((t) => t.name);
}

function poolMax(): number {
  const raw = process.env.DATABASE_POOL_MAX;
  if (raw === undefined || raw === '') return 10;
  const max = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(max >= 1 && max <= 1000)) throw new Error(`DATABASE_POOL_MAX must be a whole number from 1 to 1000, not "${raw}".`);
  return max;
}

/**
 * Whether writes prepared once in the code run as named statements (lib/prepared-statements.ts), kept by each
 * connection: DATABASE_PREPARED_STATEMENTS, `true` unless set to `false` for a pooler in transaction mode that cannot
 * keep them (PgBouncer before 1.21, or with max_prepared_statements = 0).
 */
export function namedStatementsAllowed(): boolean {
  const raw = process.env.DATABASE_PREPARED_STATEMENTS;
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === '' || value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`DATABASE_PREPARED_STATEMENTS must be true or false, not "${raw}".`);
}

function connectionConfig(url: string, variable = 'DATABASE_URL'): pg.ClientConfig {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new Error(`${variable} is not a URL: expected postgres://user:password@host:port/database.`);
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') throw new Error(`${variable} must start with postgres:// or postgresql://, not ${protocol}//.`);
  return { connectionString: url, application_name: 'provenant', connectionTimeoutMillis: 10_000 };
}

const INT8_OID = 20;
const INSUFFICIENT_PRIVILEGE = '42501';

/** bigint (count(*), rowid) read as a number, as SQLite returns it; one past 2^53 would lose digits, so it throws. */
function parseInt8(text: string) {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`A bigint from PostgreSQL (${text}) is beyond JavaScript's safe integers.`);
  return value;
}

// Process-wide: drizzle passes its own per-query type parsers, which fall back to these defaults.
pg.types.setTypeParser(INT8_OID, parseInt8);

type Queryable = Pick<pg.Pool, 'query'>;

/** Reading the migrations table found no table, no schema, or no right to it: the database is not (known to be) migrated. */
const NOT_MIGRATED = new Set(['42P01', '3F000', INSUFFICIENT_PRIVILEGE]);
let newest: number | undefined;
/** When this build's newest migration was made (drizzle's journal), read on first use. */
const newestMigration = () =>
  (newest ??= Math.max(...(JSON.parse(fs.readFileSync(path.join(PG_MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] }).entries.map((e) => e.when)));

/** Whether the database lacks any of this build's migrations (as drizzle's migrator decides: by the newest one's time). */
async function migrationsPending(db: Queryable): Promise<boolean> {
  try {
    const { rows } = await db.query<{ last: string | null }>('SELECT max(created_at) AS last FROM drizzle.__drizzle_migrations');
    return !(Number(rows[0]?.last) >= newestMigration());
  } catch (error) {
    if (NOT_MIGRATED.has((error as { code?: string }).code ?? '')) return true;
    throw error;
  }
}

const currentRole = async (db: Queryable) => (await db.query<{ role: string }>('SELECT current_user AS role')).rows[0]!.role;

/**
 * Whether `pool` reaches the database in which another session holds the advisory lock `key` (advisory locks belong
 * to one database): a plain role may ask, and it works through a pooler too.
 */
async function lockHeldWhere(pool: pg.Pool, key: string): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS got', [key]);
    await client.query('COMMIT');
    return !rows[0]!.got;
  } finally {
    client.release();
  }
}

/**
 * Applies pending migrations on a connection of its own (`url`, the variable `variable` names), without a statement
 * timeout, under the advisory lock; then, when another role connects for the app (`appRole`, on `pool`), grants it
 * what it needs. Refuses when `url` reaches another database than the pool.
 */
async function migrateUnderLock(url: string, variable: string, pool: pg.Pool, appRole: string) {
  const client = new pg.Client(connectionConfig(url, variable));
  await client.connect();
  try {
    const probe = String(randomBytes(6).readUIntBE(0, 6));
    await client.query('SELECT pg_advisory_lock($1)', [probe]);
    if (!(await lockHeldWhere(pool, probe))) throw new Error(`Refusing to start: ${variable} and DATABASE_URL name different databases; the migrations and grants would go to the other one.`);
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const migrator = await currentRole(client);
    // Asked again under the lock: another replica or the migrate step may have applied them meanwhile.
    if (await migrationsPending(client)) {
      await migrate(drizzle(client), { migrationsFolder: PG_MIGRATIONS_DIR }).catch((error: Error & { code?: string; cause?: { code?: string; message?: string } }) => {
        const denied = [error, error.cause].find((e) => e?.code === INSUFFICIENT_PRIVILEGE);
        if (!denied) throw error;
        throw new Error(`Migrating as ${migrator}: ${denied.message}. Run the migrations as the role that owns the schema: \`db migrate\` with DATABASE_MIGRATION_URL set to its connection.`);
      });
    }
    if (migrator !== appRole) await grantToAppRole(client, appRole, await appendOnlyTables(client));
  } finally {
    // Ending the session releases the advisory locks too, also when the migration failed.
    await client.end();
  }
}

/**
 * Readiness on PostgreSQL: a round trip on a connection of its own, bounded by `timeoutMs`. The app's pool would make
 * the probe wait behind busy writers and report a loaded replica as down.
 */
export async function probePostgres(url: string, timeoutMs: number) {
  const client = new pg.Client({ ...connectionConfig(url), connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `migrationUrl`: the schema owner's connection, for migrations (default DATABASE_MIGRATION_URL; else the app's own). */
type OpenOptions = { requireTriggers?: boolean; migrationUrl?: string };

/** The pool for DATABASE_URL, not yet connected: `preparePostgres` migrates and checks before it serves. */
export function createPostgresPool(url: string) {
  namedStatementsAllowed(); // refused at start-up rather than at the first write
  const pool = new pg.Pool({ ...connectionConfig(url), max: poolMax(), statement_timeout: STATEMENT_TIMEOUT_MS, idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS });
  // An idle client losing its connection (a server restart) is reported here; unhandled, it would end the process.
  pool.on('error', (error) => console.error('PostgreSQL pool: an idle connection failed:', error.message));
  return pool;
}

/**
 * Makes the database ready for the app's pool: text in UTF8; migrations applied (by DATABASE_MIGRATION_URL's role
 * when given, which then grants the app's; else by the app's own role when any is pending); the app's role holding
 * no more than it needs when it does not own the schema; and (by default) the append-only triggers in place.
 * Refuses to start otherwise.
 */
export async function preparePostgres(url: string, pool: pg.Pool, { requireTriggers = true, migrationUrl = process.env.DATABASE_MIGRATION_URL || undefined }: OpenOptions = {}) {
  const { rows } = await pool.query<{ server_encoding: string }>('SHOW server_encoding');
  const encoding = rows[0]?.server_encoding;
  if (encoding !== 'UTF8') throw new Error(`Refusing to start: the database's encoding is ${encoding}, not UTF8; text would not read back as written.`);
  const appRole = await currentRole(pool);
  if (migrationUrl) await migrateUnderLock(migrationUrl, 'DATABASE_MIGRATION_URL', pool, appRole);
  else if (await migrationsPending(pool)) await migrateUnderLock(url, 'DATABASE_URL', pool, appRole);
  if (await migrationsPending(pool)) throw new Error('Refusing to start: the database lacks migrations of this version; run `db migrate` with DATABASE_MIGRATION_URL.');
  await assertNoMoreThanNeeded(pool);
  const missing = await missingAppendOnlyTriggersPg(pool);
  if (requireTriggers && missing.length > 0) {
    throw new Error(`Refusing to start: append-only triggers missing (${missing.join(', ')}). The audit trail cannot be trusted.`);
  }
}

/** Opens a pool on PostgreSQL, applies pending migrations and (by default) refuses to run without the append-only triggers. */
export async function openPostgres(url: string, options: OpenOptions = {}) {
  const pool = createPostgresPool(url);
  try {
    await preparePostgres(url, pool, options);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return { db: drizzle(pool, { schema }), pool };
}
