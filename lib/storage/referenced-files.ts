import 'server-only';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { BlobStore } from './blob-store/blob-store';

/** A stored file the database names (a blob, or one file of a finished evidence pack), with the digest and size the row records. */
export const ZReferencedFile = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('blob'), sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative(), namedBy: z.string() }),
  z.object({ kind: z.literal('pack'), packId: z.uuid(), file: z.enum(['pdf', 'zip']), sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative(), namedBy: z.string() }),
]);
export type ReferencedFile = z.infer<typeof ZReferencedFile>;

/**
 * Every file a row of `sqlite` names: the blob of each `blobs` row (artifacts and evaluation attachments) and the
 * PDF and ZIP of each finished evidence pack. Read from the given connection, so a backup lists its own snapshot.
 */
export function referencedFiles(sqlite: Database.Database): ReferencedFile[] {
  const blobs = sqlite.prepare('SELECT sha256, size FROM blobs ORDER BY sha256').all() as { sha256: string; size: number }[];
  type PackRow = { id: string; pdfSha256: string; zipSha256: string; pdfSize: number; zipSize: number };
  const packs = sqlite
    .prepare("SELECT id, pdf_sha256 AS pdfSha256, zip_sha256 AS zipSha256, pdf_size AS pdfSize, zip_size AS zipSize FROM evidence_packs WHERE status = 'done' ORDER BY id")
    .all() as PackRow[];
  return [
    ...blobs.map((b) => ({ kind: 'blob' as const, sha256: b.sha256, size: b.size, namedBy: `blob ${b.sha256}` })),
    ...packs.flatMap((p) => [
      { kind: 'pack' as const, packId: p.id, file: 'pdf' as const, sha256: p.pdfSha256, size: p.pdfSize, namedBy: `evidence pack ${p.id} (PDF)` },
      { kind: 'pack' as const, packId: p.id, file: 'zip' as const, sha256: p.zipSha256, size: p.zipSize, namedBy: `evidence pack ${p.id} (ZIP)` },
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
