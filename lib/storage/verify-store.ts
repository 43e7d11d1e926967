import 'server-only';
import path from 'node:path';
import Database from 'better-sqlite3';
import { databaseFile, dataDir } from '@/lib/config';
import { referencedFiles, sha256OfFile } from './referenced-files';

export type StoreProblem = { path: string; namedBy: string; problem: string };
export type StoreCheck = { checked: number; problems: StoreProblem[] };

/**
 * Re-hashes every file a database row names (blobs, finished evidence packs) against the digest the row records.
 * Opens the database read-only, so a copy on read-only media can be checked; throws when it cannot be opened.
 */
export async function verifyStore(): Promise<StoreCheck> {
  const sqlite = new Database(databaseFile(), { readonly: true, fileMustExist: true });
  let files;
  try {
    sqlite.pragma('busy_timeout = 5000');
    files = referencedFiles(sqlite);
  } finally {
    sqlite.close();
  }
  const problems: StoreProblem[] = [];
  for (const file of files) {
    const actual = await sha256OfFile(path.join(dataDir(), file.path));
    if (actual === null) problems.push({ path: file.path, namedBy: file.namedBy, problem: 'missing' });
    else if (actual !== file.sha256) problems.push({ path: file.path, namedBy: file.namedBy, problem: `bytes hash to ${actual}, expected ${file.sha256}` });
  }
  return { checked: files.length, problems };
}
