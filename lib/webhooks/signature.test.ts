import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, signWebhook, webhookHeaders, webhookSecretKey } from './signature';

/**
 * The reference vector of standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts,
 * test "sign function works" (commit b2fa7b8719fb75d326b591077f5d1b385cfcdfae).
 */
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestampSeconds: 1614265330,
  body: '{"test": 2432232314}',
  expected: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

/** A receiver's check written from the spec alone: recompute, then compare in constant time against each listed signature. */
function receiverAccepts(secretBase64: string, headers: Record<string, string>, body: string) {
  const expected = createHmac('sha256', Buffer.from(secretBase64, 'base64')).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest();
  return headers['webhook-signature']!.split(' ').some((entry) => {
    const [version, mac] = entry.split(',');
    const given = Buffer.from(mac ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

describe('Standard Webhooks signature', () => {
  it('reproduces the reference libraries’ test vector exactly', () => {
    expect(signWebhook(VECTOR)).toBe(VECTOR.expected);
  });

  it('accepts the secret without its whsec_ prefix, as the reference libraries do', () => {
    expect(signWebhook({ ...VECTOR, secret: VECTOR.secret.slice('whsec_'.length) })).toBe(VECTOR.expected);
  });

  it('sends headers an independent receiver verifies, and a changed body or timestamp fails that check', () => {
    const headers = webhookHeaders({ secret: VECTOR.secret, id: VECTOR.id, at: new Date(VECTOR.timestampSeconds * 1000 + 999), body: VECTOR.body });
    expect(headers['webhook-timestamp']).toBe(String(VECTOR.timestampSeconds));
    expect(headers['webhook-signature']).toBe(VECTOR.expected);
    const key = VECTOR.secret.slice('whsec_'.length);
    expect(receiverAccepts(key, headers, VECTOR.body)).toBe(true);
    expect(receiverAccepts(key, headers, VECTOR.body.replace('2432232314', '2432232315'))).toBe(false);
    expect(receiverAccepts(key, { ...headers, 'webhook-timestamp': String(VECTOR.timestampSeconds + 1) }, VECTOR.body)).toBe(false);
  });

  it('makes secrets of 32 random bytes (the spec asks 24 to 64) with the whsec_ prefix', () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(webhookSecretKey(a)).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(a);
  });
});
