import 'server-only';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { blobs } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { NotFound } from '@/lib/errors';
import { fileResponse } from '@/lib/http/file-response';
import { getBlobStore } from '@/lib/storage/blob-store/blob-store';
import { assertDigest } from '@/lib/storage/blob-store/stage-blob';

/** Streams stored bytes as an attachment that no browser will render or sniff (HTML reports included). */
export async function downloadArtifact(actor: Actor, sha256: string): Promise<Response> {
  assertCan(actor, 'inventory.read');
  assertDigest(sha256);
  const row = first(await getDb().select().from(blobs).where(eq(blobs.sha256, sha256)).limit(1));
  const opened = row ? await getBlobStore().open(sha256) : null;
  if (!row || !opened) throw new NotFound('Artifact');
  const body = Readable.toWeb(opened.stream) as ReadableStream<Uint8Array>;
  return fileResponse(body, { contentType: 'application/octet-stream', fileName: row.originalName, fallbackName: sha256, size: opened.size });
}
