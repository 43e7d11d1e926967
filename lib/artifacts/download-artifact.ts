import 'server-only';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { blobs } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { NotFound } from '@/lib/errors';
import { blobPath } from './blob-store';

/** Streams stored bytes as an attachment that no browser will render or sniff (HTML reports included). */
export function downloadArtifact(actor: Actor, sha256: string): Response {
  assertCan(actor, 'inventory.read');
  const path = blobPath(sha256);
  const row = getDb().select().from(blobs).where(eq(blobs.sha256, sha256)).get();
  if (!row || !fs.existsSync(path)) throw new NotFound('Artifact');
  const name = (row.originalName ?? sha256).replace(/[^\w.\-]+/g, '_').slice(0, 120) || sha256;
  const body = Readable.toWeb(fs.createReadStream(path)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(fs.statSync(path).size),
      'content-disposition': `attachment; filename="${name}"`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
    },
  });
}
