import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

/** The database could not be opened or read: nothing about the chain is known. */
export class CouldNotCheck extends Error {}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

const sizeOf = (file: string) => {
  try {
    return fs.statSync(file).size;
  } catch {
    return null;
  }
};

function assertSqliteFile(file: string) {
  let header = Buffer.alloc(0);
  try {
    const fd = fs.openSync(file, 'r');
    try {
      header = Buffer.alloc(SQLITE_HEADER.length);
      header = header.subarray(0, fs.readSync(fd, header, 0, header.length, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CouldNotCheck(`No database at ${file} (set DATA_DIR to the data directory).`);
    throw new CouldNotCheck(`Cannot read ${file}: ${(error as Error).message}`);
  }
  if (!header.equals(SQLITE_HEADER)) throw new CouldNotCheck(`${file} is not a SQLite database.`);
}

/** Reads a database whose WAL has no -shm beside it from a private copy, since SQLite would have to create one. */
function openPrivateCopy(file: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provenant-verify-'));
  try {
    fs.copyFileSync(file, path.join(dir, 'copy.db'));
    fs.copyFileSync(`${file}-wal`, path.join(dir, 'copy.db-wal'));
    const sqlite = new Database(path.join(dir, 'copy.db'), { readonly: true, fileMustExist: true });
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    return { sqlite, cleanUp: () => fs.rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Opens the database file for reading only: no migration, no write, no -wal or -shm created. Without a WAL the
 * file is all there is and SQLite reads it as immutable; with one (a running server, or a copy taken while it ran)
 * SQLite reads through the server's -shm, or from a private copy when there is none.
 * The process must set SQLITE_USE_URI=1 before its first better-sqlite3 database (see lib/cli/audit-verify.ts).
 */
export function openDatabaseReadOnly(file: string): { sqlite: Database.Database; cleanUp: () => void } {
  assertSqliteFile(file);
  const walBytes = sizeOf(`${file}-wal`) ?? 0;
  try {
    // An empty WAL beside a -shm is a running server that has not written yet: only a file nobody has open is immutable.
    if (walBytes === 0 && sizeOf(`${file}-shm`) === null) {
      const uri = `file:${path.resolve(file).split('/').map(encodeURIComponent).join('/')}?immutable=1`;
      return { sqlite: new Database(uri, { readonly: true, fileMustExist: true }), cleanUp: () => {} };
    }
    if (walBytes > 0 && sizeOf(`${file}-shm`) === null) return openPrivateCopy(file);
    const sqlite = new Database(file, { readonly: true, fileMustExist: true });
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    return { sqlite, cleanUp: () => {} };
  } catch (error) {
    throw new CouldNotCheck(`Cannot open ${file} read-only: ${(error as Error).message}`);
  }
}
