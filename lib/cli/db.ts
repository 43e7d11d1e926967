import path from 'node:path';
import { getConnection } from '@/db';
import { databaseFile } from '@/lib/config';
import { systemActor } from '@/lib/auth/actor';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';

export function runDbMigrate(): number {
  getConnection();
  ensureDefaultPolicies(systemActor('default policies'));
  console.log(`Database ready at ${databaseFile()} (migrations applied).`);
  return 0;
}

/** SQLite's online backup API: consistent while the app keeps writing, unlike copying the file. */
export async function runDbBackup(file: string | undefined): Promise<number> {
  if (!file) {
    console.error('Usage: npm run cli -- db backup FILE');
    return 2;
  }
  const target = path.resolve(file);
  await getConnection().sqlite.backup(target);
  console.log(`Backup written to ${target}`);
  return 0;
}
