import 'server-only';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { rawArrays } from '@/db/raw';
import type { BlobStore } from './blob-store/blob-store';

/** A stored file the database names (a blob, or one file of a finished evidence pack), with the digest and size the row records. */
export const ZReferencedFile = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('blob'), sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative(), namedBy: z.string() }),
  z.object({ kind: z.literal('pack'), packId: z.uuid(), file: z.enum(['pdf', 'zip']), sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative(), namedBy: z.string() }),
]);
export type ReferencedFile = z.infer<typeof ZReferencedFile>;

/**
 * Every file a row names: the blob of each `blobs` row (artifacts and evaluation attachments) and the PDF and ZIP of
 * each finished evidence pack. Read from the given SQLite connection (a backup lists its own snapshot), else from the
 * current database.
 */
export async function referencedFiles(sqlite?: Database.Database): Promise<ReferencedFile[]> {
  const blobs = await rawArrays<[sha256: string, size: number]>(sql`SELECT sha256, size FROM blobs ORDER BY sha256`, sqlite);
  const packs = await rawArrays<[id: string, pdfSha256: string, zipSha256: string, pdfSize: number, zipSize: number]>(
    sql`SELECT id, pdf_sha256, zip_sha256, pdf_size, zip_size FROM evidence_packs WHERE status = 'done' ORDER BY id`,
    sqlite,
  );
  return [
    ...blobs.map(([sha256, size]) => ({ kind: 'blob' as const, sha256, size, namedBy: `blob ${sha256}` })),
    ...packs.flatMap(([id, pdfSha256, zipSha256, pdfSize, zipSize]) => [
      { kind: 'pack' as const, packId: id, file: 'pdf' as const, sha256: pdfSha256, size: pdfSize, namedBy: `evidence pack ${id} (PDF)` },
      { kind: 'pack' as const, packId: id, file: 'zip' as const, sha256: zipSha256, size: zipSize, namedBy: `evidence pack ${id} (ZIP)` },
    ]),
  ];
}

/** Where the store keeps a referenced file: a path relative to DATA_DIR (local store) or an s3:// address. */
export const locateFile = (store: BlobStore, ref: ReferencedFile) => (ref.kind === 'blob' ? store.locate(ref.sha256) : store.locatePack(ref.packId, ref.file));

/** The digest of what the store holds for a referenced file; null when it holds nothing. */
export const rehashFile = (store: BlobStore, ref: ReferencedFile) => (ref.kind === 'blob' ? store.rehash(ref.sha256) : store.rehashPack(ref.packId, ref.file));

/** SHA-256 of a file's bytes, streamed; null when there is no such file. */
export async function sha256OfFile(file: string): Promise<string | null> {
  if (!fs.existsSync(file)) return null;
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}
