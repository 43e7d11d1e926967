import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { first, getDb, returnedRow, withTransaction } from '@/db';
import { apiTokens } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import { Conflict, NotFound } from '@/lib/errors';
import type { Actor } from './actor';
import { assertCan } from './permissions';

/** Revokes one of the actor's own tokens; the next call with it is refused. */
export async function revokeApiToken(actor: Actor, tokenId: string) {
  const token = first(await getDb().select().from(apiTokens).where(eq(apiTokens.id, tokenId)).limit(1));
  if (!token) throw new NotFound('API token');
  assertCan(actor, 'token.manage', { ownerIds: [token.userId] });
  return await withTransaction(async (tx) => {
    const revokedAt = new Date().toISOString();
    const row = returnedRow(await tx.update(apiTokens).set({ revokedAt }).where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt))).returning());
    if (!row) throw new Conflict('This token is already revoked.');
    await recordAudit(tx, actor, { action: 'token.revoked', entityType: 'api_token', entityId: tokenId, before: { revokedAt: null }, after: { revokedAt } });
    return row;
  });
}
