import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { integrationSettings } from '@/db/schema';

export const WEBHOOK_SECRET_SETTING = 'mlflow.webhook_secret';

export type WebhookSecretSource = 'environment' | 'settings';

/** The environment wins over the admin's setting, so an operator can pin the secret in the deployment. */
export function currentWebhookSecret(): { secret: string; source: WebhookSecretSource } | null {
  const fromEnvironment = process.env.MLFLOW_WEBHOOK_SECRET;
  if (fromEnvironment) return { secret: fromEnvironment, source: 'environment' };
  const row = getDb().select({ value: integrationSettings.value }).from(integrationSettings).where(eq(integrationSettings.key, WEBHOOK_SECRET_SETTING)).get();
  return row ? { secret: row.value, source: 'settings' } : null;
}

/** What the admin page may show: where the secret comes from and when it was set, never the secret. */
export function webhookSecretStatus(): { source: WebhookSecretSource | null; updatedAt: string | null } {
  if (process.env.MLFLOW_WEBHOOK_SECRET) return { source: 'environment', updatedAt: null };
  const row = getDb().select({ updatedAt: integrationSettings.updatedAt }).from(integrationSettings).where(eq(integrationSettings.key, WEBHOOK_SECRET_SETTING)).get();
  return row ? { source: 'settings', updatedAt: row.updatedAt } : { source: null, updatedAt: null };
}
