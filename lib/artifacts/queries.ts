import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { blobs } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';

/** The stored artifact for a digest, or null when only the digest was declared. */
export function findBlob(actor: Actor, sha256: string) {
  assertCan(actor, 'inventory.read');
  return getDb().select().from(blobs).where(eq(blobs.sha256, sha256)).get() ?? null;
}
