import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import { createEmptyDatabase } from '@/lib/testing-sql';
import { openPostgres, PG_MIGRATIONS_DIR } from './postgres';

/** The migrations this build has (drizzle's journal), and how many a database has applied. */
export const journal = JSON.parse(fs.readFileSync(path.join(PG_MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
export const appliedCount = async (pool: pg.Pool) => Number((await pool.query('SELECT count(*) AS n FROM drizzle.__drizzle_migrations')).rows[0].n);

/**
 * Test support for the db/postgres*.test.ts files: fresh, empty databases in the test cluster and pools opened on
 * them, all dropped and closed after the file.
 */
export function testDatabasesForThisFile() {
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) throw new Error('TEST_DATABASE_URL is not set: vitest.pg-setup.ts should have started a cluster.');
  const dropped: string[] = [];
  const pools: pg.Pool[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    // A closed pool's backends exit a moment after it resolves; FORCE could not end those of another role (the app's),
    // since the test cluster's owner is not a superuser, so wait for them first.
    const lingering = async () => (await admin.query<{ pid: number; usename: string }>("SELECT pid, usename FROM pg_stat_activity WHERE datname = ANY($1) AND backend_type = 'client backend'", [dropped])).rows;
    for (let tries = 0; tries < 100 && (await lingering()).length > 0; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
    const left = await lingering();
    if (left.length > 0) console.warn(`Test databases still have sessions after 10 s: ${left.map((s) => `${s.pid} (${s.usename})`).join(', ')}`);
    // A session still starting (or ending) may be missed above and then met by FORCE, which may not end another role's:
    // refused with insufficient_privilege. Such a session is gone in a moment, so the drop is tried again for 10 s; a
    // session that really stays still fails the file.
    for (const name of dropped) {
      for (let tries = 0; ; tries++) {
        try {
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== '42501' || tries >= 50) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    }
    await admin.end();
  });
  return {
    baseUrl,
    createDatabase: async () => {
      const url = await createEmptyDatabase(baseUrl, 'provenant_test');
      dropped.push(new URL(url).pathname.slice(1));
      return url;
    },
    open: async (url: string, options?: Parameters<typeof openPostgres>[1]) => {
      const opened = await openPostgres(url, options);
      pools.push(opened.pool);
      return opened;
    },
  };
}
