import 'server-only';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { blobs } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { NotFound } from '@/lib/errors';
import { getBlobStore } from '@/lib/storage/blob-store/blob-store';
import { assertDigest } from '@/lib/storage/blob-store/stage-blob';

/** At most `max` characters (code points, never half of one), keeping the extension of a name cut short. */
function shortened(name: string, max: number) {
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? Array.from(name.slice(dot)) : [];
  return [...chars.slice(0, max - extension.length), ...extension].join('');
}

/**
 * The attachment's name: an ASCII fallback, and the name as uploaded (its last path segment) in RFC 6266's UTF-8 form,
 * so "modèle-été.bin" comes back as it went in.
 */
function attachmentName(original: string | null, sha256: string) {
  const base = shortened((original ?? '').split(/[\\/]/).pop()!.toWellFormed(), 120);
  const ascii = base.replace(/[^\w.\-]+/g, '_') || sha256;
  const encoded = encodeURIComponent(base).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"${base && ascii !== base ? `; filename*=UTF-8''${encoded}` : ''}`;
}

/** Streams stored bytes as an attachment that no browser will render or sniff (HTML reports included). */
export async function downloadArtifact(actor: Actor, sha256: string): Promise<Response> {
  assertCan(actor, 'inventory.read');
  assertDigest(sha256);
  const row = first(await getDb().select().from(blobs).where(eq(blobs.sha256, sha256)).limit(1));
  const opened = row ? await getBlobStore().open(sha256) : null;
  if (!row || !opened) throw new NotFound('Artifact');
  const body = Readable.toWeb(opened.stream) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(opened.size),
      'content-disposition': attachmentName(row.originalName, sha256),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
    },
  });
}
