import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { InsufficientStorage } from '@/lib/errors';

/** fsync a file or a directory (Linux accepts a read-only descriptor for both). */
export function fsyncPath(target: string) {
  const fd = fs.openSync(target, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** After a rename or create: the directory entry reaches the disk only when its directory is flushed too. */
export function fsyncDirs(...dirs: string[]) {
  for (const dir of new Set(dirs)) fsyncPath(dir);
}

function isOutOfSpace(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** A full disk or an exhausted quota is the operator's problem to fix, reported as 507; other errors pass unchanged. */
export function asStorageError(error: unknown): unknown {
  return isOutOfSpace(error) ? new InsufficientStorage() : error;
}

/** Writes bytes under a temporary name, flushes them, renames into place and flushes the directory. */
export function writeFileDurably(file: string, bytes: Buffer) {
  const partial = `${file}.partial`;
  try {
    fs.writeFileSync(partial, bytes);
    fsyncPath(partial);
    fs.renameSync(partial, file);
    fsyncDirs(path.dirname(file));
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw asStorageError(error);
  }
}
