import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { TEMPLATE_DATABASE } from './vitest.pg-setup';

/**
 * Runs first in each test file of the PostgreSQL pass (TEST_DIALECT=postgresql): a database of the file's own, copied
 * from the migrated template, becomes DATABASE_URL before anything reads it (db/dialect.ts reads it once, on import).
 */
const cluster = process.env.TEST_DATABASE_URL!;
const name = `provenant_${process.pid}_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: cluster });
await admin.connect();
try {
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
} finally {
  await admin.end();
}
const url = new URL(cluster);
url.pathname = `/${name}`;
process.env.DATABASE_URL = url.toString();
// Replicas on PostgreSQL must share one given secret (lib/auth/secret.ts); each test file gets one.
process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString('base64url');
