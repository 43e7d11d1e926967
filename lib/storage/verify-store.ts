import 'server-only';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { withReadTransaction } from '@/db';
import { DIALECT } from '@/db/dialect';
import { databaseFile } from '@/lib/config';
import { getBlobStore, type BlobStore } from './blob-store/blob-store';
import { locateFile, referencedFiles, rehashFile, ZReferencedFile, type ReferencedFile } from './referenced-files';

export type StoreProblem = { path: string; namedBy: string; problem: string };
export type StoreCheck = { checked: number; problems: StoreProblem[] };

/** What `db backup` writes beside the database when blobs live in an object store: every object the snapshot names. */
export const ZStoreManifest = z.object({ store: z.string(), files: z.array(ZReferencedFile) });

async function checkFiles(store: BlobStore, files: ReferencedFile[]): Promise<StoreCheck> {
  const problems: StoreProblem[] = [];
  for (const file of files) {
    const actual = await rehashFile(store, file);
    const where = locateFile(store, file);
    if (actual === null) problems.push({ path: where, namedBy: file.namedBy, problem: 'missing' });
    else if (actual !== file.sha256) problems.push({ path: where, namedBy: file.namedBy, problem: `bytes hash to ${actual}, expected ${file.sha256}` });
  }
  return { checked: files.length, problems };
}

/**
 * Re-hashes every file a database row names (blobs, finished evidence packs) in the configured store against the
 * digest the row records. Opens an SQLite database read-only, so a copy on read-only media can be checked (PostgreSQL:
 * one read-only snapshot); throws when it cannot be opened or the store cannot be reached.
 */
export async function verifyStore(store = getBlobStore()): Promise<StoreCheck> {
  if (DIALECT === 'postgresql') return checkFiles(store, await withReadTransaction(() => referencedFiles()));
  const sqlite = new Database(databaseFile(), { readonly: true, fileMustExist: true });
  let files;
  try {
    sqlite.pragma('busy_timeout = 5000');
    files = await referencedFiles(sqlite);
  } finally {
    sqlite.close();
  }
  return checkFiles(store, files);
}

/** The same check for the files a backup's STORE-MANIFEST.json lists, without a database: after restoring into a bucket. */
export async function verifyStoreManifest(manifestFile: string, store = getBlobStore()): Promise<StoreCheck> {
  const manifest = ZStoreManifest.parse(JSON.parse(fs.readFileSync(manifestFile, 'utf8')));
  return checkFiles(store, manifest.files);
}
