import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

const run = promisify(execFile);
const script = path.join(import.meta.dirname, 'scripts', 'pg-cluster.sh');

/**
 * One throwaway PostgreSQL cluster for the whole run (scripts/pg-cluster.sh); its URL reaches the test workers as
 * TEST_DATABASE_URL, and each test file makes its own database in it. A URL already set is used as it is.
 */
export default async function setupPostgres() {
  if (process.env.TEST_DATABASE_URL) {
    if (process.env.TEST_DIALECT === 'postgresql') await createTemplate(process.env.TEST_DATABASE_URL);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provenant-pg-'));
  const stop = () => run('bash', [script, 'stop', dir]);
  try {
    const { stdout } = await run('bash', [script, 'start', dir]);
    const url = /^DATABASE_URL=(.+)$/m.exec(stdout)?.[1];
    if (!url) throw new Error(`scripts/pg-cluster.sh printed no DATABASE_URL: ${stdout}`);
    process.env.TEST_DATABASE_URL = url;
    if (process.env.TEST_DIALECT === 'postgresql') await createTemplate(url);
  } catch (error) {
    await stop().catch(() => undefined);
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`Could not start the PostgreSQL test cluster (scripts/pg-cluster.sh; TEST_DATABASE_URL would name another): ${stderr || String(error)}`, { cause: error });
  }
  return async () => {
    await stop();
  };
}

/** The migrated database every PostgreSQL test file copies (CREATE DATABASE ... TEMPLATE), instead of migrating its own. */
export const TEMPLATE_DATABASE = 'provenant_template';

async function createTemplate(url: string) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    // Kept in a cluster given by TEST_DATABASE_URL, and brought up to date by the migrations below.
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE_DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${TEMPLATE_DATABASE}`;
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  try {
    await migrate(drizzle(client), { migrationsFolder: path.join(import.meta.dirname, 'db', 'migrations-pg') });
  } finally {
    await client.end();
  }
}
