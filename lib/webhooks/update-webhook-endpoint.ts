import 'server-only';
import { eq } from 'drizzle-orm';
import { first, returnedRow, withTransaction } from '@/db';
import { webhookEndpoints } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { recordAudit } from '@/lib/audit/record-event';
import { NotFound } from '@/lib/errors';
import { withoutSecret } from './queries';
import type { UpdateWebhookEndpointInput } from './schemas';
import { assertAllowedTargetUrl } from './target-url';

/** Changes a target's URL, description, events or network permission (the secret only through rotation). */
export async function updateWebhookEndpoint(actor: Actor, id: string, input: UpdateWebhookEndpointInput) {
  assertCan(actor, 'webhook.manage');
  const url = (await assertAllowedTargetUrl(input.url, input.allowPrivateNetwork)).href;
  return await withTransaction(async (tx) => {
    const before = first(await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).limit(1));
    if (!before) throw new NotFound('Webhook endpoint');
    const row = returnedRow(await tx
      .update(webhookEndpoints)
      .set({ url, description: input.description, eventTypes: [...new Set(input.eventTypes)], allowPrivateNetwork: input.allowPrivateNetwork })
      .where(eq(webhookEndpoints.id, id))
      .returning());
    const after = withoutSecret(row);
    await recordAudit(tx, actor, { action: 'webhook.updated', entityType: 'webhook_endpoint', entityId: id, before: withoutSecret(before), after });
    return after;
  });
}
