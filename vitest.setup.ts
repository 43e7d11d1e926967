import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { closeConnection } from '@/db';

/** Each test file gets its own real SQLite database in a fresh temporary directory, migrations applied. */
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provenant-test-'));
  process.env.DATA_DIR = dir;
  closeConnection();
});
afterAll(() => {
  closeConnection();
  fs.rmSync(dir, { recursive: true, force: true });
});
