// @ts-check
import { createHash } from 'node:crypto';
import { createReadStream, openAsBlob, statSync } from 'node:fs';
import { basename } from 'node:path';
import { UsageError } from './exit.mjs';

/**
 * A regular file to send, refused early with a usage error when it is missing or a directory.
 * @param {string} path
 * @param {string} command
 */
export function regularFile(path, command) {
  /** @type {import('node:fs').Stats} */
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UsageError(`Cannot read ${path}: no such file.`, command);
  }
  if (!stat.isFile()) throw new UsageError(`${path} is not a regular file.`, command);
  return { path, name: basename(path), size: stat.size };
}

/**
 * SHA-256 of a file, streamed: a model of many gigabytes never sits in memory.
 * @param {string} path
 * @returns {Promise<string>}
 */
export async function sha256OfFile(path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * The file as a Blob backed by the disk, so fetch streams it in a multipart body.
 * @param {string} path
 */
export const fileBlob = (path) => openAsBlob(path, { type: 'application/octet-stream' });

/** Uploads move at least a mebibyte a second, or the request is given up. @param {number} size */
export const uploadTimeoutMs = (size) => Math.ceil(size / (1024 * 1024)) * 1000;
