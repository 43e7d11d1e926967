import 'server-only';
import { randomBytes } from 'node:crypto';
import { only, withTransaction } from '@/db';
import { integrationSettings } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict } from '@/lib/errors';
import { WEBHOOK_SECRET_SETTING } from './webhook-secret';

/**
 * Sets a new random secret for MLflow's webhook (the old one stops working at once) and returns it this once. The
 * audit trail records that it changed, never the secret. Refused while MLFLOW_WEBHOOK_SECRET is set, since it wins.
 */
export async function generateMlflowWebhookSecret(actor: Actor, now = new Date()) {
  assertCan(actor, 'integration.manage');
  if (process.env.MLFLOW_WEBHOOK_SECRET) {
    throw new Conflict('MLFLOW_WEBHOOK_SECRET is set in the server\'s environment and takes precedence; change it there.');
  }
  const secret = randomBytes(32).toString('base64url');
  const updatedAt = now.toISOString();
  return await withTransaction(async (tx) => {
    const previous = only(await tx
      .insert(integrationSettings)
      .values({ key: WEBHOOK_SECRET_SETTING, value: secret, updatedById: actor.userId, updatedAt })
      .onConflictDoUpdate({ target: integrationSettings.key, set: { value: secret, updatedById: actor.userId, updatedAt } })
      .returning({ key: integrationSettings.key }));
    await recordAudit(tx, actor, { action: 'integration.updated', entityType: 'integration_setting', entityId: previous.key, after: { key: previous.key, secretChanged: true, updatedAt } });
    return { secret, updatedAt };
  });
}
