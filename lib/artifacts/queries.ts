import 'server-only';
import { eq } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { blobs } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';

/** The stored artifact for a digest, or null when only the digest was declared. */
export async function findBlob(actor: Actor, sha256: string) {
  assertCan(actor, 'inventory.read');
  return first(await getDb().select().from(blobs).where(eq(blobs.sha256, sha256)).limit(1)) ?? null;
}
