import 'server-only';
import type { Readable } from 'node:stream';
import type { PackFile } from '@/lib/packs/schemas';
import { readBlobStoreConfig, type BlobStoreConfig } from './blob-store-config';
import { createLocalBlobStore } from './local-blob-store';
import { createS3BlobStore } from './s3-blob-store';
import type { StagedBlob } from './stage-blob';

/** Inclusive byte offsets, as in an HTTP Range header. */
export type ByteRange = { start: number; end: number };
export type OpenedBytes = { stream: Readable; size: number };
export type StoredBlob = { sha256: string; modifiedAt: Date };
export type StoredPackFile = { packId: string; file: PackFile; name: string };

/**
 * Content-addressed bytes (artifacts, attachments, bundles, trusted roots) and evidence-pack files, on the local
 * disk under DATA_DIR or in an S3-compatible bucket. Both stage uploads to a local hashed temporary file first
 * (stage-blob.ts); `commit` makes the bytes durable before any row may name them.
 */
export type BlobStore = {
  kind: BlobStoreConfig['kind'];
  /** The store for messages: "DATA_DIR" or its s3:// address. */
  where: string;
  stage(source: Readable, limitBytes?: number): Promise<StagedBlob>;
  /** Idempotent: bytes already stored are not written again; the temporary file is gone afterwards either way. */
  commit(staged: StagedBlob): Promise<void>;
  discard(staged: StagedBlob): void;
  open(sha256: string, range?: ByteRange): Promise<OpenedBytes | null>;
  stat(sha256: string): Promise<{ size: number } | null>;
  /** Re-hashes the stored bytes; null when none are stored. */
  rehash(sha256: string): Promise<string | null>;
  /** Small things (signature bundles, trusted roots): null when missing; an error when larger than `maxBytes` or altered. */
  readBytes(sha256: string, maxBytes: number): Promise<Buffer | null>;
  /** Runs `read` on a local file holding the bytes (a temporary copy for S3, removed afterwards); null when missing. */
  withLocalFile<T>(sha256: string, read: (file: string) => Promise<T>): Promise<T | null>;
  list(): AsyncIterable<StoredBlob>;
  /** Only the orphan sweep removes blobs. */
  remove(sha256: string): Promise<void>;
  /** Where a blob or pack file lives, for messages and backup manifests (a path under DATA_DIR, or the object key). */
  locate(sha256: string): string;
  locatePack(packId: string, file: PackFile): string;
  /** Takes over a finished local pack file (moved or uploaded, then the local file is gone). */
  putPack(packId: string, file: PackFile, source: string): Promise<void>;
  openPack(packId: string, file: PackFile): Promise<OpenedBytes | null>;
  rehashPack(packId: string, file: PackFile): Promise<string | null>;
  removePack(packId: string): Promise<string[]>;
  listPacks(): AsyncIterable<StoredPackFile>;
  /** Readiness: resolves when uploads can be staged and the store answers within `timeoutMs`, throws with the reason otherwise. */
  probe(timeoutMs: number): Promise<void>;
};

const holder = globalThis as unknown as { provenantBlobStore?: { key: string; store: BlobStore } };

/** The store BLOB_STORE chooses (bad configuration throws BlobStoreConfigError), made once per configuration. */
export function getBlobStore(): BlobStore {
  const key = [process.env.BLOB_STORE, process.env.S3_ENDPOINT, process.env.S3_FORCE_PATH_STYLE, process.env.AWS_REGION].join('\n');
  if (holder.provenantBlobStore?.key === key) return holder.provenantBlobStore.store;
  const config = readBlobStoreConfig();
  const store = config.kind === 's3' ? createS3BlobStore(config) : createLocalBlobStore();
  holder.provenantBlobStore = { key, store };
  return store;
}
