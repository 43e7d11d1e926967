import 'server-only';
import { Readable } from 'node:stream';
import type { Tx } from '@/db';
import { blobs } from '@/db/schema';
import { getBlobStore } from '@/lib/storage/blob-store/blob-store';

/** Stages small in-memory bytes (a bundle, a trusted root) at their content address; the row is written by `recordBlobRow`. */
export async function stageBytes(bytes: Buffer) {
  const store = getBlobStore();
  const staged = await store.stage(Readable.from([bytes]), bytes.length);
  return { staged, commit: () => store.commit(staged) };
}

/** The blob row for stored bytes; never scanned as a model (it is not one). Same bytes again: the row stays. */
export async function recordBlobRow(tx: Tx, row: { sha256: string; size: number; originalName: string; mediaType: string; uploadedById: string | null }) {
  await tx.insert(blobs).values({ ...row, format: 'other' }).onConflictDoNothing();
}
