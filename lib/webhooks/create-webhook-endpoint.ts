import 'server-only';
import { only, withTransaction } from '@/db';
import { webhookEndpoints } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { recordAudit } from '@/lib/audit/record-event';
import { withoutSecret } from './queries';
import type { CreateWebhookEndpointInput } from './schemas';
import { generateWebhookSecret } from './signature';
import { assertAllowedTargetUrl } from './target-url';

/** Adds a webhook target; its signing secret is returned this once and never enters the audit trail. */
export async function createWebhookEndpoint(actor: Actor, input: CreateWebhookEndpointInput) {
  assertCan(actor, 'webhook.manage');
  const url = (await assertAllowedTargetUrl(input.url, input.allowPrivateNetwork)).href;
  const secret = generateWebhookSecret();
  return await withTransaction(async (tx) => {
    const row = only(await tx
      .insert(webhookEndpoints)
      .values({ url, description: input.description, eventTypes: [...new Set(input.eventTypes)], allowPrivateNetwork: input.allowPrivateNetwork, secret, createdById: actor.userId })
      .returning());
    const record = withoutSecret(row);
    await recordAudit(tx, actor, { action: 'webhook.created', entityType: 'webhook_endpoint', entityId: row.id, after: record });
    return { ...record, secret };
  });
}
