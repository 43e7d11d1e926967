import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { signingKeys } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { NotFound } from '@/lib/errors';

export type SigningKeyListing = { keyId: string; publicKeyPem: string; createdAt: string; retiredAt: string | null; active: boolean };

/** Every key Provenant ever signed with, newest first: retired keys stay listed because they still verify what they signed. */
export async function listSigningKeys(actor: Actor): Promise<SigningKeyListing[]> {
  assertCan(actor, 'inventory.read');
  return (await getDb()
    .select()
    .from(signingKeys)
    .orderBy(desc(signingKeys.createdAt), desc(signingKeys.keyId)))
    .map((k) => ({ keyId: k.keyId, publicKeyPem: k.publicKeyPem, createdAt: k.createdAt, retiredAt: k.retiredAt, active: k.retiredAt === null }));
}

/** One public key as the PEM file cosign's `--key` takes. */
export async function signingKeyPem(actor: Actor, keyId: string): Promise<string> {
  assertCan(actor, 'inventory.read');
  const key = /^[0-9a-f]{64}$/.test(keyId) ? first(await getDb().select({ pem: signingKeys.publicKeyPem }).from(signingKeys).where(eq(signingKeys.keyId, keyId)).limit(1)) : undefined;
  if (!key) throw new NotFound('Signing key');
  return key.pem;
}
