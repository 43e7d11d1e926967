import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { first, getDb, returnedRow, withTransaction } from '@/db';
import { apiTokens } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import { Conflict, Invalid, NotFound } from '@/lib/errors';
import { isBlank } from '@/lib/http/well-formed';
import { emitEvent } from '@/lib/notify/emit-event';
import type { Actor } from './actor';
import { assertCan, can } from './permissions';

/**
 * Revokes a token; the next call with it is refused. Its owner revokes their own; an administrator revokes anyone's
 * (a leaked pipeline secret) with the reason, which its owner is told.
 */
export async function revokeApiToken(actor: Actor, tokenId: string, reason = '') {
  const token = first(await getDb().select().from(apiTokens).where(eq(apiTokens.id, tokenId)).limit(1));
  if (!token) throw new NotFound('API token');
  const own = token.userId === actor.userId;
  if (own || !can(actor, 'token.oversee')) assertCan(actor, 'token.manage', { ownerIds: [token.userId] });
  if (!own && isBlank(reason)) throw new Invalid('Say why you revoke someone else’s token: its owner is told.', [{ path: 'reason', message: 'Required.' }]);
  return await withTransaction(async (tx) => {
    const revokedAt = new Date().toISOString();
    const row = returnedRow(await tx.update(apiTokens).set({ revokedAt }).where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt))).returning());
    if (!row) throw new Conflict('This token is already revoked.');
    await recordAudit(tx, actor, { action: 'token.revoked', entityType: 'api_token', entityId: tokenId, before: { revokedAt: null }, after: own ? { revokedAt } : { revokedAt, ownerId: token.userId, reason: reason.trim() } });
    if (!own) {
      await emitEvent(tx, { type: 'token.revoked', title: `${actor.name} revoked your API token “${token.name}”: ${reason.trim()}`, href: '/tokens', entityType: 'api_token', entityId: tokenId, recipients: [token.userId], data: { tokenId, prefix: token.prefix, reason: reason.trim() } });
    }
    return row;
  });
}
