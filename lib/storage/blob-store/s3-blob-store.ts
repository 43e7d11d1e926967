import 'server-only';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { TooLarge } from '@/lib/errors';
import { asStorageError } from '@/lib/storage/durable-files';
import type { S3BlobStoreConfig } from './blob-store-config';
import type { BlobStore, StoredBlob, StoredPackFile } from './blob-store';
import { createS3Client } from './s3-client';
import { s3Objects, type S3Tuning } from './s3-objects';
import { assertBytesMatch, blobTempDir, digestKey, discardBlob, probeStaging, sha256OfStream, stageBlob } from './stage-blob';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BLOB_NAME = /^sha256\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;
/** Bundles and trusted roots kept in memory once read and verified: usually a few KiB each, at most 32 x 1 MiB. */
const VERIFIED_CACHE_ENTRIES = 32;
const VERIFIED_CACHE_MAX_BYTES = 1024 * 1024;
const PACK_NAME = /^packs\/([0-9a-f-]{36})\.(pdf|zip)$/;

const packName = (packId: string, file: 'pdf' | 'zip') => {
  if (!UUID.test(packId)) throw new Error(`Not a pack id: ${packId}`);
  return `packs/${packId}.${file}`;
};

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Blobs at `<prefix>/sha256/ab/cd/<sha256>` and packs at `<prefix>/packs/<id>.pdf|zip` in an S3-compatible bucket.
 * Uploads come from the hashed staged file and are checked against that digest as they stream; the bucket's own
 * versioning and replication are the backup of these bytes.
 */
export function createS3BlobStore(config: S3BlobStoreConfig, tuning: S3Tuning = {}, client = createS3Client(config)): BlobStore {
  const objects = s3Objects(config, client, tuning);
  // Verified bytes never change under their digest: the gate reads the same bundles and root again and again.
  const verified = new Map<string, Buffer>();
  const remember = (sha256: string, bytes: Buffer) => {
    if (bytes.length > VERIFIED_CACHE_MAX_BYTES) return bytes;
    if (verified.size >= VERIFIED_CACHE_ENTRIES) verified.delete(verified.keys().next().value!);
    verified.set(sha256, bytes);
    return bytes;
  };
  const rehashObject = async (name: string) => {
    const opened = await objects.get(name);
    return opened ? sha256OfStream(opened.stream) : null;
  };
  return {
    kind: 's3',
    where: objects.where,
    stage: stageBlob,
    async commit(staged) {
      const name = digestKey(staged.sha256);
      try {
        if (!(await objects.head(name))) await objects.put(name, staged.tempPath, staged);
      } finally {
        discardBlob(staged);
      }
    },
    discard: discardBlob,
    open: (sha256, range) => objects.get(digestKey(sha256), range),
    stat: (sha256) => objects.head(digestKey(sha256)),
    rehash: (sha256) => rehashObject(digestKey(sha256)),
    async readBytes(sha256, maxBytes) {
      const known = verified.get(sha256);
      if (known) {
        if (known.length > maxBytes) throw new TooLarge(maxBytes, `The stored blob ${sha256}`);
        return known;
      }
      const opened = await objects.get(digestKey(sha256));
      if (!opened) return null;
      if (opened.size > maxBytes) {
        opened.stream.destroy();
        throw new TooLarge(maxBytes, `The stored blob ${sha256}`);
      }
      return remember(sha256, assertBytesMatch(sha256, await collect(opened.stream)));
    },
    async withLocalFile(sha256, read) {
      const opened = await objects.get(digestKey(sha256));
      if (!opened) return null;
      const file = path.join(blobTempDir(), `read-${randomUUID()}`);
      try {
        fs.mkdirSync(blobTempDir(), { recursive: true });
        await pipeline(opened.stream, fs.createWriteStream(file, { flags: 'wx' })).catch((error) => Promise.reject(asStorageError(error)));
        return await read(file);
      } finally {
        fs.rmSync(file, { force: true });
      }
    },
    async *list(): AsyncIterable<StoredBlob> {
      for await (const object of objects.list('sha256')) {
        const match = BLOB_NAME.exec(object.name);
        if (match && match[3]!.startsWith(`${match[1]}${match[2]}`)) yield { sha256: match[3]!, modifiedAt: object.modifiedAt };
      }
    },
    remove: (sha256) => objects.remove(digestKey(sha256)),
    locate: (sha256) => `${objects.where}/${digestKey(sha256)}`,
    locatePack: (packId, file) => `${objects.where}/${packName(packId, file)}`,
    async putPack(packId, file, source) {
      try {
        const sha256 = await sha256OfStream(fs.createReadStream(source));
        await objects.put(packName(packId, file), source, { sha256, size: fs.statSync(source).size });
      } finally {
        fs.rmSync(source, { force: true });
      }
    },
    openPack: (packId, file) => objects.get(packName(packId, file)),
    rehashPack: (packId, file) => rehashObject(packName(packId, file)),
    async removePack(packId) {
      const removed: string[] = [];
      for (const file of ['pdf', 'zip'] as const) {
        if (!(await objects.head(packName(packId, file)))) continue;
        await objects.remove(packName(packId, file));
        removed.push(packName(packId, file));
      }
      return removed;
    },
    async *listPacks(): AsyncIterable<StoredPackFile> {
      for await (const object of objects.list('packs')) {
        const match = PACK_NAME.exec(object.name);
        if (match && UUID.test(match[1]!)) yield { packId: match[1]!, file: match[2] as 'pdf' | 'zip', name: object.name };
      }
    },
    async probe(timeoutMs) {
      await probeStaging();
      // No such object: the answer (404) proves the bucket is reachable with these credentials; a refusal throws.
      await objects.head('readiness-probe', AbortSignal.timeout(timeoutMs));
    },
  };
}
