import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { apiTokens } from '@/db/schema';
import type { Actor } from './actor';
import { assertCan } from './permissions';

/** The actor's own tokens, without their digests. */
export async function listOwnTokens(actor: Actor) {
  assertCan(actor, 'token.manage', { ownerIds: [actor.userId] });
  return await getDb()
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, scopes: apiTokens.scopes, expiresAt: apiTokens.expiresAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt, createdAt: apiTokens.createdAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, actor.userId))
    .orderBy(desc(apiTokens.createdAt));
}
