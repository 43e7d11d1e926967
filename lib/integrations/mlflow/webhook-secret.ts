import 'server-only';
import { eq } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { integrationSettings } from '@/db/schema';

export const WEBHOOK_SECRET_SETTING = 'mlflow.webhook_secret';

export type WebhookSecretSource = 'environment' | 'settings';

/** The environment wins over the admin's setting, so an operator can pin the secret in the deployment. */
export async function currentWebhookSecret(): Promise<{ secret: string; source: WebhookSecretSource } | null> {
  const fromEnvironment = process.env.MLFLOW_WEBHOOK_SECRET;
  if (fromEnvironment) return { secret: fromEnvironment, source: 'environment' };
  const row = first(await getDb().select({ value: integrationSettings.value }).from(integrationSettings).where(eq(integrationSettings.key, WEBHOOK_SECRET_SETTING)).limit(1));
  return row ? { secret: row.value, source: 'settings' } : null;
}

/** What the admin page may show: where the secret comes from and when it was set, never the secret. */
export async function webhookSecretStatus(): Promise<{ source: WebhookSecretSource | null; updatedAt: string | null }> {
  if (process.env.MLFLOW_WEBHOOK_SECRET) return { source: 'environment', updatedAt: null };
  const row = first(await getDb().select({ updatedAt: integrationSettings.updatedAt }).from(integrationSettings).where(eq(integrationSettings.key, WEBHOOK_SECRET_SETTING)).limit(1));
  return row ? { source: 'settings', updatedAt: row.updatedAt } : { source: null, updatedAt: null };
}
