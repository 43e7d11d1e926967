import 'server-only';
import { fileResponse } from '@/lib/http/file-response';
import { Readable } from 'node:stream';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict, NotFound } from '@/lib/errors';
import { getBlobStore } from '@/lib/storage/blob-store/blob-store';
import { loadEvidencePack } from './queries';
import type { PackFile } from './schemas';

const MEDIA_TYPE: Record<PackFile, string> = { pdf: 'application/pdf', zip: 'application/zip' };

/** Streams a finished pack's PDF or ZIP as an attachment (never rendered inline, never sniffed). */
export async function downloadEvidencePack(actor: Actor, id: string, file: PackFile): Promise<Response> {
  assertCan(actor, 'audit.read');
  const pack = await loadEvidencePack(id);
  if (pack.status !== 'done') throw new Conflict(`The pack is ${pack.status}; files are available once it is done.`);
  const opened = await getBlobStore().openPack(pack.id, file);
  if (!opened) throw new NotFound('Evidence pack file');
  const name = `evidence-pack-${pack.createdAt.slice(0, 10)}-${pack.id.slice(0, 8)}.${file}`;
  return fileResponse(Readable.toWeb(opened.stream) as ReadableStream<Uint8Array>, {
    contentType: MEDIA_TYPE[file],
    fileName: name,
    size: opened.size,
    headers: { 'x-pack-sha256': (file === 'pdf' ? pack.pdfSha256 : pack.zipSha256) ?? '' },
  });
}
