import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = path.join(import.meta.dirname, 'scripts', 'pg-cluster.sh');

/**
 * One throwaway PostgreSQL cluster for the whole run (scripts/pg-cluster.sh); its URL reaches the test workers as
 * TEST_DATABASE_URL, and each test file makes its own database in it. A URL already set is used as it is.
 */
export default async function setupPostgres() {
  if (process.env.TEST_DATABASE_URL) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provenant-pg-'));
  const stop = () => run('bash', [script, 'stop', dir]);
  try {
    const { stdout } = await run('bash', [script, 'start', dir]);
    const url = /^DATABASE_URL=(.+)$/m.exec(stdout)?.[1];
    if (!url) throw new Error(`scripts/pg-cluster.sh printed no DATABASE_URL: ${stdout}`);
    process.env.TEST_DATABASE_URL = url;
  } catch (error) {
    await stop().catch(() => undefined);
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`Could not start the PostgreSQL test cluster (scripts/pg-cluster.sh; TEST_DATABASE_URL would name another): ${stderr || String(error)}`, { cause: error });
  }
  return async () => {
    await stop();
  };
}
