import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { signingKeys } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { NotFound } from '@/lib/errors';

export type SigningKeyListing = { keyId: string; publicKeyPem: string; createdAt: string; retiredAt: string | null; active: boolean };

/** Every key Provenant ever signed with, newest first: retired keys stay listed because they still verify what they signed. */
export function listSigningKeys(actor: Actor): SigningKeyListing[] {
  assertCan(actor, 'inventory.read');
  return getDb()
    .select()
    .from(signingKeys)
    .orderBy(desc(signingKeys.createdAt), desc(signingKeys.keyId))
    .all()
    .map((k) => ({ keyId: k.keyId, publicKeyPem: k.publicKeyPem, createdAt: k.createdAt, retiredAt: k.retiredAt, active: k.retiredAt === null }));
}

/** One public key as the PEM file cosign's `--key` takes. */
export function signingKeyPem(actor: Actor, keyId: string): string {
  assertCan(actor, 'inventory.read');
  const key = /^[0-9a-f]{64}$/.test(keyId) ? getDb().select({ pem: signingKeys.publicKeyPem }).from(signingKeys).where(eq(signingKeys.keyId, keyId)).get() : undefined;
  if (!key) throw new NotFound('Signing key');
  return key.pem;
}
