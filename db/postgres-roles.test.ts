import { randomBytes } from 'node:crypto';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { appRoleUrl } from '@/lib/testing-sql';
import { APPEND_ONLY_TRIGGERS_PG, openPostgres, PG_MIGRATIONS_DIR } from './postgres';
import { appendOnlyTables, grantToAppRole } from './postgres-roles';
import { appliedCount, journal, testDatabasesForThisFile } from './postgres-test-databases';

const { createDatabase, open } = testDatabasesForThisFile();

/** The app as a PostgreSQL role of its own beside the schema's owner (DATABASE_MIGRATION_URL): README, "Reference deployment". */
describe('the app as a role that owns nothing', () => {
  it('runs as a role that owns nothing, migrated by the owner: it reads and writes, but cannot rewrite the append-only tables or switch their triggers off', async () => {
    const ownerUrl = await createDatabase();
    const role = `app_${randomBytes(4).toString('hex')}`;
    const appUrl = new URL(await appRoleUrl(ownerUrl, role));
    // Without the owner's connection the app's role cannot create the schema, and says what to do.
    await expect(openPostgres(appUrl.toString())).rejects.toThrow(new RegExp(`Migrating as ${role}: permission denied.*DATABASE_MIGRATION_URL`));
    const { pool } = await open(appUrl.toString(), { migrationUrl: ownerUrl });
    expect(await appliedCount(pool)).toBe(journal.entries.length);
    const noUpdate = new Set(APPEND_ONLY_TRIGGERS_PG.filter((t) => t.name.endsWith('_no_update')).map((t) => t.table));
    const noDelete = new Set(APPEND_ONLY_TRIGGERS_PG.filter((t) => t.name.endsWith('_no_delete')).map((t) => t.table));
    expect([...noUpdate].sort()).toEqual(['audit_events', 'incident_actions', 'model_signatures', 'promotion_snapshots', 'reviews', 'signatures', 'trust_configs', 'user_emails']);
    const privileges = await pool.query<{ t: string; owner: string; s: boolean; i: boolean; u: boolean; d: boolean; tr: boolean }>(
      `SELECT tablename AS t, tableowner AS owner, has_table_privilege(current_user, quote_ident(tablename), 'SELECT') AS s, has_table_privilege(current_user, quote_ident(tablename), 'INSERT') AS i,
              has_table_privilege(current_user, quote_ident(tablename), 'UPDATE') AS u, has_table_privilege(current_user, quote_ident(tablename), 'DELETE') AS d, has_table_privilege(current_user, quote_ident(tablename), 'TRUNCATE') AS tr
         FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
    );
    expect(privileges.rows.length).toBeGreaterThan(30);
    for (const row of privileges.rows) expect(row, row.t).toEqual({ t: row.t, owner: expect.not.stringMatching(role), s: true, i: true, u: !noUpdate.has(row.t), d: !noDelete.has(row.t), tr: false });
    await pool.query("INSERT INTO users (id, email, name, password_hash, created_at, updated_at) VALUES ('u1', 'a@example.com', 'A', 'x', '2026-01-01', '2026-01-01')");
    await pool.query("INSERT INTO evidence_packs (id, scope_type, status, requested_by_id, created_at) VALUES ('p1', 'inventory', 'queued', 'u1', '2026-01-01')");
    await pool.query("UPDATE evidence_packs SET status = 'failed' WHERE id = 'p1'");
    for (const statement of ['UPDATE audit_events SET action = action', 'DELETE FROM signatures', 'TRUNCATE users CASCADE']) await expect(pool.query(statement), statement).rejects.toThrow(/permission denied/);
    for (const statement of ['ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update', 'DROP TRIGGER signatures_no_delete ON signatures']) await expect(pool.query(statement), statement).rejects.toThrow(/must be owner/);
    // A replica without the owner's connection starts on the migrated database: it only checks the migrations are there.
    await open(appUrl.toString());
    // The owner's connection to another database would migrate and grant there: refused.
    await expect(openPostgres(appUrl.toString(), { migrationUrl: await createDatabase() })).rejects.toThrow('DATABASE_MIGRATION_URL and DATABASE_URL name different databases');
    // Every start grants again, idempotently and at once: a replica serving meanwhile never finds itself without them.
    let starting = true;
    const serving = (async () => {
      let reads = 0;
      while (starting) reads += (await pool.query('SELECT count(*) FROM blobs, audit_events')).rowCount!;
      return reads;
    })();
    for (let n = 0; n < 5; n++) await open(appUrl.toString(), { migrationUrl: ownerUrl });
    starting = false;
    expect(await serving).toBeGreaterThan(0);
    // The backup's pg_dump reads the migrations applied.
    expect(await appliedCount(pool)).toBe(journal.entries.length);
  });

  it('starts a replica of its own role while the owner migrates: it waits for the migrations and does not try them itself', async () => {
    const ownerUrl = await createDatabase();
    const appUrl = await appRoleUrl(ownerUrl, `app_${randomBytes(4).toString('hex')}`);
    // The migrate step, by hand: it holds the replicas' lock while it migrates and grants.
    const step = new pg.Client({ connectionString: ownerUrl });
    await step.connect();
    await step.query('SELECT pg_advisory_lock(7140001301)');
    const replica = open(appUrl);
    await expect.poll(async () => (await step.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")).rows[0].n, { timeout: 10_000 }).toBe(1);
    await migrate(drizzle(step), { migrationsFolder: PG_MIGRATIONS_DIR });
    await grantToAppRole(step, new URL(appUrl).username, await appendOnlyTables(step));
    await step.end();
    // Found pending before the lock, applied once it had it: a replica that migrated itself would be refused (no CREATE).
    expect(await appliedCount((await replica).pool)).toBe(journal.entries.length);
  });

  it('refuses to run beside the owner as a role that owns a table, since an owner can switch its triggers off', async () => {
    const ownerUrl = await createDatabase();
    const role = `app_${randomBytes(4).toString('hex')}`;
    const appUrl = await appRoleUrl(ownerUrl, role);
    const { pool } = await open(ownerUrl);
    // As an older deployment might have left it: the app's role owning one of the append-only tables.
    await pool.query(`GRANT ${role} TO CURRENT_USER`);
    await pool.query(`GRANT CREATE ON SCHEMA public TO ${role}`);
    await pool.query(`ALTER TABLE reviews OWNER TO ${role}`);
    await expect(openPostgres(appUrl, { migrationUrl: ownerUrl })).rejects.toThrow("Refusing to start: the app's role owns reviews. A role other than the schema's owner must own nothing");
    await pool.query(`ALTER TABLE reviews OWNER TO CURRENT_USER`);
    await open(appUrl, { migrationUrl: ownerUrl });
  });
});
