import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/db';
import { apiTokens } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import { Conflict, NotFound } from '@/lib/errors';
import type { Actor } from './actor';
import { assertCan } from './permissions';

/** Revokes one of the actor's own tokens; the next call with it is refused. */
export function revokeApiToken(actor: Actor, tokenId: string) {
  const token = getDb().select().from(apiTokens).where(eq(apiTokens.id, tokenId)).get();
  if (!token) throw new NotFound('API token');
  assertCan(actor, 'token.manage', { ownerIds: [token.userId] });
  return getDb().transaction(
    (tx) => {
      const revokedAt = new Date().toISOString();
      const row = tx.update(apiTokens).set({ revokedAt }).where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt))).returning().get();
      if (!row) throw new Conflict('This token is already revoked.');
      recordAudit(tx, actor, { action: 'token.revoked', entityType: 'api_token', entityId: tokenId, before: { revokedAt: null }, after: { revokedAt } });
      return row;
    },
    { behavior: 'immediate' },
  );
}
