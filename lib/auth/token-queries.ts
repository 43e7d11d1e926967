import 'server-only';
import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import { getDb } from '@/db';
import { apiTokens, users } from '@/db/schema';
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

/**
 * Every token still in force, whoever owns it, for an administrator: owner, name, prefix, scopes and when it was last
 * used, never a digest. Newest first, up to 500.
 */
export async function listLiveTokens(actor: Actor, now = new Date()) {
  assertCan(actor, 'token.oversee');
  return await getDb()
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, scopes: apiTokens.scopes, expiresAt: apiTokens.expiresAt, lastUsedAt: apiTokens.lastUsedAt, createdAt: apiTokens.createdAt, ownerId: users.id, ownerName: users.name, ownerEmail: users.email })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now.toISOString()))))
    .orderBy(desc(apiTokens.createdAt))
    .limit(500);
}
