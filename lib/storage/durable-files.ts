import 'server-only';
import fs from 'node:fs';
import { InsufficientStorage } from '@/lib/errors';

/**
 * fsync a file or a directory (Linux accepts a read-only descriptor for both) on libuv's thread pool: a flush can take
 * tens of milliseconds on a busy disk, and the server's requests must not wait behind it.
 */
export async function fsyncPath(target: string) {
  const handle = await fs.promises.open(target, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * After a rename or create: the directory entry reaches the disk only when its directory is flushed too. One at a
 * time, in the order given: a backup flushes tens of thousands, which at once would hold as many descriptors open.
 */
export async function fsyncDirs(...dirs: string[]) {
  for (const dir of new Set(dirs)) await fsyncPath(dir);
}

function isOutOfSpace(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** A full disk or an exhausted quota is the operator's problem to fix, reported as 507; other errors pass unchanged. */
export function asStorageError(error: unknown): unknown {
  return isOutOfSpace(error) ? new InsufficientStorage() : error;
}

/**
 * Writes bytes to a file under its temporary name (replacing what an interrupted attempt left there); on a full disk
 * InsufficientStorage, and what was written is removed.
 */
export function writePartialFile(file: string, bytes: Buffer) {
  try {
    fs.writeFileSync(file, bytes);
  } catch (error) {
    fs.rmSync(file, { force: true });
    throw asStorageError(error);
  }
}
