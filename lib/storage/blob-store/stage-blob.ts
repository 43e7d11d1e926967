import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { dataDir } from '@/lib/config';
import { Invalid, TooLarge } from '@/lib/errors';
import { asStorageError, fsyncPath } from '@/lib/storage/durable-files';

const SHA256 = /^[0-9a-f]{64}$/;

/** Upload size limit, configurable with MAX_UPLOAD_BYTES (default 8 GiB). */
export const maxUploadBytes = () => Number(process.env.MAX_UPLOAD_BYTES) || 8 * 1024 ** 3;

/** Uploads in flight (for either store); anything left here after a crash is removed at the next start (sweep-leftovers). */
export const blobTempDir = () => path.join(dataDir(), 'blobs', 'tmp');

/** Every store stages uploads under DATA_DIR: the directory must exist and be writable for any upload to succeed. */
export async function probeStaging() {
  await fs.promises.mkdir(blobTempDir(), { recursive: true });
  await fs.promises.access(blobTempDir(), fs.constants.W_OK);
}

export type StagedBlob = { sha256: string; size: number; tempPath: string };

/** Every key and path is built from a validated digest only, never from user input. */
export function assertDigest(sha256: string) {
  if (!SHA256.test(sha256)) throw new Invalid('Not a SHA-256 digest.', [{ path: 'sha256', message: 'Expected 64 lowercase hex characters.' }]);
}

/** The fan-out both stores use: sha256/ab/cd/<sha256>. */
export const digestKey = (sha256: string) => {
  assertDigest(sha256);
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
};

/**
 * Streams bytes to a local temporary file while hashing and counting, then flushes it to disk. Over the limit,
 * TooLarge; a full disk or quota, InsufficientStorage; either way the temporary file is removed.
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
  let sink: fs.WriteStream | null = null;
  try {
    fs.mkdirSync(tempDir, { recursive: true });
    sink = fs.createWriteStream(tempPath, { flags: 'wx' });
    await pipeline(source, meter, sink);
    await fsyncPath(tempPath);
  } catch (error) {
    // A refusal can come before the file has even opened: removed now, it would be created just after and stay.
    if (sink && !sink.closed) await new Promise<void>((resolve) => sink!.once('close', () => resolve()));
    fs.rmSync(tempPath, { force: true });
    throw asStorageError(error);
  }
  return { sha256: hash.digest('hex'), size, tempPath };
}

export function discardBlob(staged: StagedBlob) {
  fs.rmSync(staged.tempPath, { force: true });
}

/**
 * Small stored things are trust material (a trusted root, a bundle): bytes that no longer hash to the digest that
 * names them are refused, never used.
 */
export function assertBytesMatch(sha256: string, bytes: Buffer): Buffer {
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256) throw new Error(`The stored bytes of ${sha256} no longer match their digest (they hash to ${actual}).`);
  return bytes;
}

/** SHA-256 of a stream's bytes. */
export async function sha256OfStream(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(stream, hash);
  return hash.digest('hex');
}
