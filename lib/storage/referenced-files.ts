import 'server-only';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type Database from 'better-sqlite3';
import { blobPath } from '@/lib/artifacts/blob-store';
import { dataDir } from '@/lib/config';
import { packFilePath } from '@/lib/packs/pack-files';

/** A file the database names, by its path relative to DATA_DIR, with the digest and size the row records. */
export type ReferencedFile = { path: string; sha256: string; size: number; namedBy: string };

const relative = (file: string) => path.relative(dataDir(), file);

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
    ...blobs.map((b) => ({ path: relative(blobPath(b.sha256)), sha256: b.sha256, size: b.size, namedBy: `blob ${b.sha256}` })),
    ...packs.flatMap((p) => [
      { path: relative(packFilePath(p.id, 'pdf')), sha256: p.pdfSha256, size: p.pdfSize, namedBy: `evidence pack ${p.id} (PDF)` },
      { path: relative(packFilePath(p.id, 'zip')), sha256: p.zipSha256, size: p.zipSize, namedBy: `evidence pack ${p.id} (ZIP)` },
    ]),
  ];
}

/** SHA-256 of a file's bytes, streamed; null when there is no such file. */
export async function sha256OfFile(file: string): Promise<string | null> {
  if (!fs.existsSync(file)) return null;
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}
