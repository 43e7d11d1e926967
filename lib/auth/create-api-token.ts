import 'server-only';
import { z } from 'zod';
import { only, withTransaction } from '@/db';
import { API_TOKEN_SCOPES, apiTokens } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import { Invalid } from '@/lib/errors';
import { plural } from '@/lib/words';
import type { Actor, SystemActor } from './actor';
import { assertCan } from './permissions';
import { generateTokenSecret, sha256Hex } from './api-tokens';

export const ZCreateApiTokenInput = z.object({
  name: z.string().trim().min(1, 'Required.').max(100),
  scopes: z.array(z.enum(API_TOKEN_SCOPES)).min(1, 'Choose at least one scope.'),
  expiresInDays: z.number().int().min(1).max(366).nullable().optional(),
});

/**
 * The longest a token may live on this server, when its operator caps it (API_TOKEN_MAX_DAYS, 1 to 366 days): a bank's
 * policy that no credential lives forever. Unset, a person may make a token that never expires. Checked at start-up.
 */
export function maxTokenDays(): number | null {
  const raw = process.env.API_TOKEN_MAX_DAYS?.trim();
  if (!raw) return null;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new Error(`API_TOKEN_MAX_DAYS must be a whole number of days from 1 to 366; it is "${raw.slice(0, 20)}".`);
  return days;
}

/** Creates a token for `userId`; the secret is returned once and only its SHA-256 is kept. */
export async function createApiToken(actor: Actor | SystemActor, userId: string, input: z.output<typeof ZCreateApiTokenInput>) {
  if (actor.type !== 'system') assertCan(actor, 'token.manage', { ownerIds: [userId] });
  const cap = maxTokenDays();
  if (cap !== null && (input.expiresInDays == null || input.expiresInDays > cap)) {
    throw new Invalid(`This server's tokens expire within ${plural(cap, 'day')}; nothing was created.`, [{ path: 'expiresInDays', message: `From 1 to ${cap}: this server does not allow tokens that never expire or live longer (API_TOKEN_MAX_DAYS).` }]);
  }
  const secret = generateTokenSecret();
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86400000).toISOString() : null;
  return await withTransaction(async (tx) => {
    const row = only(await tx
      .insert(apiTokens)
      .values({ userId, name: input.name, scopes: [...new Set(input.scopes)], secretSha256: sha256Hex(secret), prefix: secret.slice(0, 10), expiresAt })
      .returning());
    const { secretSha256: _hidden, ...record } = row;
    await recordAudit(tx, actor, { action: 'token.created', entityType: 'api_token', entityId: row.id, after: record });
    return { ...record, secret };
  });
}
