/**
 * OpenLineage ingest on PostgreSQL (DATABASE_URL): the same measureIngest as on SQLite, against GET /status in the same
 * modes, served from the inventory bench's database (its demo data scientist gets a lineage:write token here).
 */
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { databaseReady, first, getDb } from '@/db';
import { users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { DEMO_USERS } from '@/lib/seed/demo-data';
import { measureIngest } from './lineage-ingest';
import { startServer, stopServerAndWait } from './next-server';
import { runMain } from './run-main';

async function main() {
  if (!process.env.DATABASE_URL) throw new Error('bench/lineage-ingest-postgres.ts runs on PostgreSQL: set DATABASE_URL.');
  await databaseReady();
  const demo = DEMO_USERS.find((u) => u.roles.includes('data_scientist'))!;
  const owner = first(await getDb().select().from(users).where(eq(users.email, demo.email)).limit(1));
  if (!owner) throw new Error('Seed the database with bench/seed-inventory.ts first (no demo data scientist).');
  const actor: Actor = { type: 'user', userId: owner.id, email: owner.email, name: owner.name, roles: [...demo.roles], ip: null, userAgent: 'bench' };
  const token = (await createApiToken(actor, owner.id, { name: 'bench openlineage', scopes: ['lineage:write'] })).secret;
  console.log('\nOpenLineage ingest on PostgreSQL:');
  await startServer(process.env.DATA_DIR!, path.join(path.dirname(process.env.DATA_DIR!), 'pg-lineage-server.log'));
  try {
    await measureIngest(token);
  } finally {
    await stopServerAndWait();
  }
}

runMain(main);
