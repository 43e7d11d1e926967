import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { dataDir } from '@/lib/config';
import { Invalid, TooLarge } from '@/lib/errors';
import { asStorageError, fsyncDirs, fsyncPath } from '@/lib/storage/durable-files';

const SHA256 = /^[0-9a-f]{64}$/;

/** Upload size limit, configurable with MAX_UPLOAD_BYTES (default 8 GiB). */
export const maxUploadBytes = () => Number(process.env.MAX_UPLOAD_BYTES) || 8 * 1024 ** 3;

/** Where the bytes of a digest live. The path is built from a validated digest only, never from user input. */
export function blobPath(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Invalid('Not a SHA-256 digest.', [{ path: 'sha256', message: 'Expected 64 lowercase hex characters.' }]);
  return path.join(dataDir(), 'blobs', 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** Uploads in flight; anything left here after a crash is removed at the next start (lib/storage/sweep-leftovers). */
export const blobTempDir = () => path.join(dataDir(), 'blobs', 'tmp');

export type StagedBlob = { sha256: string; size: number; tempPath: string };

/**
 * Streams bytes to a temporary file while hashing and counting, then flushes it to disk. Over the limit, TooLarge;
 * a full disk or quota, InsufficientStorage; either way the temporary file is removed.
 */
export async function stageBlob(source: Readable, limitBytes = maxUploadBytes()): Promise<StagedBlob> {
  const tempDir = blobTempDir();
  const tempPath = path.join(tempDir, randomUUID());
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > limitBytes) return done(new TooLarge(limitBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    fs.mkdirSync(tempDir, { recursive: true });
    await pipeline(source, meter, fs.createWriteStream(tempPath, { flags: 'wx' }));
    fsyncPath(tempPath);
  } catch (error) {
    fs.rmSync(tempPath, { force: true });
    throw asStorageError(error);
  }
  return { sha256: hash.digest('hex'), size, tempPath };
}

/**
 * Moves staged bytes to their content address (or drops them when those bytes are already stored), and flushes the
 * directories the rename touched, so a row that names the blob is never committed before its bytes are durable.
 */
export function commitBlob(staged: StagedBlob): string {
  const target = blobPath(staged.sha256);
  const dir = path.dirname(target);
  try {
    fs.mkdirSync(dir, { recursive: true });
    if (fs.existsSync(target)) fs.rmSync(staged.tempPath, { force: true });
    else fs.renameSync(staged.tempPath, target);
    fsyncDirs(dir, path.dirname(dir), path.dirname(path.dirname(dir)), path.dirname(staged.tempPath));
  } catch (error) {
    fs.rmSync(staged.tempPath, { force: true });
    throw asStorageError(error);
  }
  return target;
}

export function discardBlob(staged: StagedBlob) {
  fs.rmSync(staged.tempPath, { force: true });
}

/** Re-hashes stored bytes from disk; null when no bytes are stored for the digest. */
export async function rehashBlob(sha256: string): Promise<string | null> {
  const file = blobPath(sha256);
  if (!fs.existsSync(file)) return null;
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}
