import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { first, getDb, withTransaction } from '@/db';
import { apiTokens } from '@/db/schema';
import { Unauthenticated } from '@/lib/errors';
import type { Actor } from './actor';
import { loadUserActor } from './load-actor';
import type { RequestMeta } from './request-meta';

export const TOKEN_PREFIX = 'pvn_';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function generateTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Resolves a bearer secret to its owner, limited to the token's scopes. Only the secret's SHA-256 is stored. */
export async function authenticateBearer(secret: string, meta: RequestMeta): Promise<Actor> {
  const db = getDb();
  const token = first(await db.select().from(apiTokens).where(eq(apiTokens.secretSha256, sha256Hex(secret))).limit(1));
  if (!token) throw new Unauthenticated('Unknown API token.');
  if (token.revokedAt) throw new Unauthenticated('This API token has been revoked.');
  const now = new Date().toISOString();
  if (token.expiresAt && token.expiresAt <= now) throw new Unauthenticated('This API token has expired.');
  const owner = await loadUserActor(token.userId, meta);
  if (!owner) throw new Unauthenticated('The owner of this API token is disabled.');
  // "Last used" to the minute is enough, and sparing a durable write per call matters for busy pipelines.
  if (!token.lastUsedAt || Date.parse(now) - Date.parse(token.lastUsedAt) > 60_000) {
    await withTransaction((tx) => tx.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, token.id)));
  }
  // A token keeps working when its owner's password is reset: it is its own credential, revoked on its own.
  const { mustChoosePassword: _temporary, ...asOwner } = owner;
  return { ...asOwner, type: 'token', tokenId: token.id, scopes: token.scopes };
}
