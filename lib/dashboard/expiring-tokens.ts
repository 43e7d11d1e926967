import 'server-only';
import { and, asc, eq, gt, isNull, lte } from 'drizzle-orm';
import { getDb } from '@/db';
import { apiTokens, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';

export const TOKEN_EXPIRY_HORIZON_DAYS = 30;

/** Live API tokens of every user that expire within the horizon, soonest first: pipelines about to stop. */
export async function expiringTokens(actor: Actor, now = new Date(), limit = 10) {
  assertCan(actor, 'user.manage');
  const horizon = new Date(now.getTime() + TOKEN_EXPIRY_HORIZON_DAYS * 86400000).toISOString();
  return await getDb()
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, expiresAt: apiTokens.expiresAt, lastUsedAt: apiTokens.lastUsedAt, ownerName: users.name, ownerEmail: users.email })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now.toISOString()), lte(apiTokens.expiresAt, horizon)))
    .orderBy(asc(apiTokens.expiresAt))
    .limit(limit);
}
