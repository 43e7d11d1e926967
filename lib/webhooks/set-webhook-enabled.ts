import 'server-only';
import { eq } from 'drizzle-orm';
import { first, returnedRow, withTransaction } from '@/db';
import { webhookEndpoints } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { recordAudit } from '@/lib/audit/record-event';
import { NotFound } from '@/lib/errors';
import { withoutSecret } from './queries';

/**
 * Stops or resumes sending to a target. Its URL is not checked again here, so a target whose name no longer resolves
 * can still be disabled; while disabled, its deliveries wait (and are sent on re-enabling).
 */
export async function setWebhookEnabled(actor: Actor, id: string, enabled: boolean, now = new Date()) {
  assertCan(actor, 'webhook.manage');
  return await withTransaction(async (tx) => {
    const before = first(await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).limit(1));
    if (!before) throw new NotFound('Webhook endpoint');
    const disabledAt = enabled ? null : (before.disabledAt ?? now.toISOString());
    const row = returnedRow(await tx.update(webhookEndpoints).set({ enabled, disabledAt }).where(eq(webhookEndpoints.id, id)).returning());
    const after = withoutSecret(row);
    await recordAudit(tx, actor, { action: 'webhook.updated', entityType: 'webhook_endpoint', entityId: id, before: { enabled: before.enabled, disabledAt: before.disabledAt }, after: { enabled, disabledAt } });
    return after;
  });
}
