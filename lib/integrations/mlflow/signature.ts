import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * MLflow 3 signs each delivery as mlflow/webhooks/delivery.py `_generate_hmac_signature` does: `v1,` + base64 of
 * HMAC-SHA256, keyed by the secret's UTF-8 bytes, over `delivery_id.timestamp.payload` (the payload's exact bytes).
 */
export function mlflowSignature(secret: string, deliveryId: string, timestamp: string, body: Uint8Array): string {
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${deliveryId}.${timestamp}.`, 'utf8').update(body).digest('base64');
  return `v1,${mac}`;
}

/** Constant-time comparison with each `v1,` signature the header carries (space-separated, as Standard Webhooks allows). */
export function signatureMatches(header: string, expected: string): boolean {
  const wanted = Buffer.from(expected, 'utf8');
  let matched = false;
  for (const candidate of header.split(' ')) {
    const given = Buffer.from(candidate, 'utf8');
    if (given.length === wanted.length && timingSafeEqual(given, wanted)) matched = true;
  }
  return matched;
}

/** MLflow refuses nothing older on its side, so the receiver does: 5 minutes either way of its own clock. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

/** Why an `X-MLflow-Timestamp` (whole seconds since the epoch) is not acceptable now, or null when it is. */
export function timestampProblem(timestamp: string, now: Date): string | null {
  if (!/^\d{1,12}$/.test(timestamp)) return 'X-MLflow-Timestamp must be whole seconds since 1970-01-01.';
  const skew = Number(timestamp) - Math.floor(now.getTime() / 1000);
  if (skew > MAX_CLOCK_SKEW_SECONDS) return 'X-MLflow-Timestamp is more than 5 minutes ahead of this server\'s clock.';
  if (skew < -MAX_CLOCK_SKEW_SECONDS) return 'X-MLflow-Timestamp is more than 5 minutes old: the delivery is stale.';
  return null;
}
