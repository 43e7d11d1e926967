import { createHmac, randomBytes } from 'node:crypto';

/** Standard Webhooks 1.0 (spec/standard-webhooks.md): symmetric secrets are `whsec_` + base64 of 24 to 64 random bytes. */
export const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;

export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/** The HMAC key is the base64-decoded part after the prefix (the reference libraries also accept it unprefixed). */
export function webhookSecretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

export type SignedHeaders = { 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string };

/** `v1,` + base64 HMAC-SHA256 over `id.timestamp.body`; the timestamp is whole seconds since the epoch. */
export function signWebhook({ secret, id, timestampSeconds, body }: { secret: string; id: string; timestampSeconds: number; body: string }): string {
  const mac = createHmac('sha256', webhookSecretKey(secret)).update(`${id}.${timestampSeconds}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

/** The three headers of one attempt: the id stays the same on every retry, the timestamp is the attempt's. */
export function webhookHeaders({ secret, id, at, body }: { secret: string; id: string; at: Date; body: string }): SignedHeaders {
  const timestampSeconds = Math.floor(at.getTime() / 1000);
  return { 'webhook-id': id, 'webhook-timestamp': String(timestampSeconds), 'webhook-signature': signWebhook({ secret, id, timestampSeconds, body }) };
}
