import fs from 'node:fs';
import path from 'node:path';
import { databaseReady } from '@/db';
import { DIALECT } from '@/db/dialect';
import { databaseFile } from '@/lib/config';
import { backupDataDir } from '@/lib/storage/backup-data-dir';

/** The PostgreSQL server and database, without the credentials of DATABASE_URL. */
const databaseHost = () => {
  const url = new URL(process.env.DATABASE_URL!);
  return `PostgreSQL ${url.host}${url.pathname}`;
};

/**
 * Applies the migrations. The default promotion policies are made by the server's start (or by the demo seed, in its
 * history), not here: made now, before a seed that replays the past, they would stand in the audit chain ahead of it.
 */
export async function runDbMigrate(): Promise<number> {
  await databaseReady();
  console.log(`Database ready at ${DIALECT === 'postgresql' ? databaseHost() : databaseFile()} (migrations applied).`);
  return 0;
}

/** `db backup DIR`: the database, the files its rows name, the session secret and the signing keys, with a MANIFEST (see README). */
export async function runDbBackup(target: string | undefined): Promise<number> {
  if (!target) {
    console.error('Usage: npm run cli -- db backup DIR');
    return 2;
  }
  const result = await backupDataDir(target);
  for (const problem of result.problems) console.error(`WARNING ${problem}`);
  console.log(`Backup written to ${result.dir}: ${result.files} files, ${result.bytes} bytes; check it with: (cd ${result.dir} && sha256sum -c MANIFEST)`);
  const storeManifest = path.join(result.dir, 'STORE-MANIFEST.json');
  if (fs.existsSync(storeManifest)) console.log(`The blobs and packs stay in the object store; check that it holds them with: npm run cli -- verify-store --manifest ${storeManifest}`);
  return result.problems.length > 0 ? 1 : 0;
}
