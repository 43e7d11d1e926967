import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { withReadTransaction } from '@/db';
import { DIALECT } from '@/db/dialect';
import { rawRows } from '@/db/raw';
import { databaseFile, dataDir } from '@/lib/config';
import { keyFilePath, signingKeysIn } from '@/lib/signing/attest/key-files';
import { getBlobStore, type BlobStore } from './blob-store/blob-store';
import { fsyncDirs, fsyncPath } from './durable-files';
import { PG_DUMP_FILE, pgDump } from './pg-dump';
import { locateFile, referencedFiles, sha256OfFile, type ReferencedFile } from './referenced-files';

const BACKUP_DATABASE = 'provenant.db';
const BACKUP_MANIFEST = 'MANIFEST';
const SECRET_FILE = 'nextauth-secret';
const STORE_MANIFEST = 'STORE-MANIFEST.json';

export type BackupResult = { dir: string; files: number; bytes: number; problems: string[] };

/** Copies one file (a reflink where the filesystem offers one), flushes it, and returns the digest of the copy. */
async function copyDurably(from: string, to: string) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to, fs.constants.COPYFILE_FICLONE);
  await fsyncPath(to);
  return (await sha256OfFile(to))!;
}

/** Every directory under `root`, deepest first, so each is flushed after the entries it holds. */
function directoriesUnder(root: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (entry.isDirectory()) found.push(path.join(entry.parentPath, entry.name));
  }
  return found.sort((a, b) => b.length - a.length).concat(root);
}

/** With the local store, the blobs and pack files come along, each re-hashed as copied; returns the bytes copied. */
async function copyLocalFiles(store: BlobStore, files: ReferencedFile[], partial: string, manifest: { path: string; sha256: string }[], problems: string[]) {
  let bytes = 0;
  for (const file of files) {
    const where = locateFile(store, file);
    const from = path.join(dataDir(), where);
    if (!fs.existsSync(from)) {
      problems.push(`${where}: missing from DATA_DIR (${file.namedBy})`);
      continue;
    }
    const to = path.join(partial, where);
    const digest = await copyDurably(from, to);
    if (digest !== file.sha256) {
      fs.rmSync(to);
      problems.push(`${where}: bytes hash to ${digest}, not ${file.sha256} (${file.namedBy}); left out`);
      continue;
    }
    manifest.push({ path: where, sha256: digest });
    bytes += file.size;
  }
  return bytes;
}

/**
 * With an object store, the bucket's own versioning and replication back the bytes up: the backup lists every object
 * the snapshot names with its digest and size, for `verify-store --manifest` to check against the bucket after a restore.
 */
async function writeStoreManifest(store: BlobStore, files: ReferencedFile[], partial: string) {
  const text = Buffer.from(`${JSON.stringify({ store: store.where, files }, null, 2)}\n`);
  fs.writeFileSync(path.join(partial, STORE_MANIFEST), text);
  await fsyncPath(path.join(partial, STORE_MANIFEST));
  return createHash('sha256').update(text).digest('hex');
}

type DatabaseSnapshot = { file: string; files: ReferencedFile[]; keys: { keyId: string; active: boolean }[] };

/** SQLite: a copy of the file in one read transaction, then the files and keys that copy names. */
async function copySqlite(partial: string): Promise<DatabaseSnapshot> {
  const copy = path.join(partial, BACKUP_DATABASE);
  // One read transaction from first page to last: other connections' writes neither restart nor block it.
  const source = new Database(databaseFile(), { readonly: true, fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    source.prepare('VACUUM INTO ?').run(copy);
  } finally {
    source.close();
  }
  const snapshot = new Database(copy, { readonly: true });
  try {
    return { file: BACKUP_DATABASE, files: await referencedFiles(snapshot), keys: await signingKeysIn(snapshot) };
  } finally {
    snapshot.close();
  }
}

/**
 * PostgreSQL: one REPEATABLE READ transaction exports its snapshot to pg_dump and lists the files and keys of that same
 * snapshot, so the dump never names a file the backup lacks. It stays open (idle) while pg_dump runs.
 */
async function dumpPostgres(partial: string): Promise<DatabaseSnapshot> {
  return withReadTransaction(async () => {
    const [exported] = await rawRows<{ snapshot: string }>(sql`SELECT pg_export_snapshot() AS snapshot`);
    await rawRows(sql`SET LOCAL idle_in_transaction_session_timeout = 0`);
    const files = await referencedFiles();
    const keys = await signingKeysIn();
    await pgDump(process.env.DATABASE_URL!, exported!.snapshot, path.join(partial, PG_DUMP_FILE));
    return { file: PG_DUMP_FILE, files, keys };
  });
}

async function fillBackup(partial: string, problems: string[]) {
  const { file, files, keys } = DIALECT === 'postgresql' ? await dumpPostgres(partial) : await copySqlite(partial);
  const copy = path.join(partial, file);
  await fsyncPath(copy);
  const manifest = [{ path: file, sha256: (await sha256OfFile(copy))! }];
  let bytes = fs.statSync(copy).size;
  const store = getBlobStore();
  if (store.kind === 'local') bytes += await copyLocalFiles(store, files, partial, manifest, problems);
  else manifest.push({ path: STORE_MANIFEST, sha256: await writeStoreManifest(store, files, partial) });
  const secret = path.join(dataDir(), SECRET_FILE);
  if (fs.existsSync(secret)) manifest.push({ path: SECRET_FILE, sha256: await copyDurably(secret, path.join(partial, SECRET_FILE)) });
  // Provenant's private signing keys: without the active one a restored server refuses to start rather than change identity.
  for (const key of keys) {
    const file = path.relative(dataDir(), keyFilePath(key.keyId));
    if (!fs.existsSync(keyFilePath(key.keyId))) {
      if (key.active) problems.push(`${file}: the active signing key's private key is missing from DATA_DIR`);
      continue;
    }
    manifest.push({ path: file, sha256: await copyDurably(keyFilePath(key.keyId), path.join(partial, file)) });
    fs.chmodSync(path.join(partial, file), 0o600);
  }
  const text = manifest.map((entry) => `${entry.sha256}  ${entry.path}\n`).join('');
  fs.writeFileSync(path.join(partial, BACKUP_MANIFEST), text);
  await fsyncPath(path.join(partial, BACKUP_MANIFEST));
  return { files: manifest.length, bytes };
}

/**
 * Backs up DATA_DIR into the new directory `target`: the database (VACUUM INTO, consistent under write load), every
 * file a row of that snapshot names, re-hashed as copied (with an object store: STORE-MANIFEST.json, the list of
 * them), the session secret, Provenant's private signing keys (DATA_DIR/keys, 0600), and a `sha256sum -c` MANIFEST. It is
 * built under a temporary name, flushed and renamed into place: an interrupted run never leaves `target` behind.
 */
export async function backupDataDir(target: string): Promise<BackupResult> {
  const dir = path.resolve(target);
  if (fs.existsSync(dir)) throw new Error(`${dir} already exists; a backup goes into a new directory.`);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const prefix = `.${path.basename(dir)}.partial-`;
  // What an interrupted run into the same target left behind is of no use to anyone.
  for (const stale of fs.readdirSync(path.dirname(dir)).filter((name) => name.startsWith(prefix))) fs.rmSync(path.join(path.dirname(dir), stale), { recursive: true, force: true });
  const partial = path.join(path.dirname(dir), `${prefix}${randomBytes(6).toString('hex')}`);
  fs.mkdirSync(partial, { mode: 0o700 });
  const problems: string[] = [];
  try {
    const { files, bytes } = await fillBackup(partial, problems);
    await fsyncDirs(...directoriesUnder(partial));
    fs.renameSync(partial, dir);
    await fsyncDirs(path.dirname(dir));
    return { dir, files, bytes, problems };
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}
