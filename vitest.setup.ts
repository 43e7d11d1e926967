import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { closeConnection, databaseReady } from '@/db';
import { DIALECT } from '@/db/dialect';

/**
 * Each test file gets its own real database, migrations applied: a SQLite file in a fresh temporary directory, or on
 * PostgreSQL the file's own database (vitest.pg-database.ts).
 */
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provenant-test-'));
  process.env.DATA_DIR = dir;
  closeConnection();
  // A new PostgreSQL pool migrates in the background under the replicas' advisory lock. Tests wait for it here: a test
  // that blocks this process (spawnSync of the CLI) while the migration still held the lock left the child waiting on
  // it for ever, and CI timed out.
  if (DIALECT === 'postgresql') await databaseReady();
});
afterAll(() => {
  closeConnection();
  fs.rmSync(dir, { recursive: true, force: true });
});
