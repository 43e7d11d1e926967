import 'server-only';
import { eq } from 'drizzle-orm';
import { returnedRow, withTransaction } from '@/db';
import { webhookEndpoints } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { recordAudit } from '@/lib/audit/record-event';
import { NotFound } from '@/lib/errors';
import { generateWebhookSecret } from './signature';

/** Replaces a target's signing secret at once (pending retries are signed with the new one); shown this once. */
export async function rotateWebhookSecret(actor: Actor, id: string) {
  assertCan(actor, 'webhook.manage');
  const secret = generateWebhookSecret();
  return await withTransaction(async (tx) => {
    const row = returnedRow(await tx.update(webhookEndpoints).set({ secret }).where(eq(webhookEndpoints.id, id)).returning({ id: webhookEndpoints.id, url: webhookEndpoints.url }));
    if (!row) throw new NotFound('Webhook endpoint');
    await recordAudit(tx, actor, { action: 'webhook.updated', entityType: 'webhook_endpoint', entityId: id, after: { url: row.url, secretRotated: true } });
    return { id, secret };
  });
}
