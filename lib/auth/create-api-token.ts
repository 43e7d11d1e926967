import 'server-only';
import { z } from 'zod';
import { only, withTransaction } from '@/db';
import { API_TOKEN_SCOPES, apiTokens } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor, SystemActor } from './actor';
import { assertCan } from './permissions';
import { generateTokenSecret, sha256Hex } from './api-tokens';

export const ZCreateApiTokenInput = z.object({
  name: z.string().trim().min(1, 'Required.').max(100),
  scopes: z.array(z.enum(API_TOKEN_SCOPES)).min(1, 'Choose at least one scope.'),
  expiresInDays: z.number().int().min(1).max(366).nullable().optional(),
});

/** Creates a token for `userId`; the secret is returned once and only its SHA-256 is kept. */
export async function createApiToken(actor: Actor | SystemActor, userId: string, input: z.output<typeof ZCreateApiTokenInput>) {
  if (actor.type !== 'system') assertCan(actor, 'token.manage', { ownerIds: [userId] });
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
