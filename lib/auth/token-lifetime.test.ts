import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db';
import { apiTokens, auditEvents } from '@/db/schema';
import { Invalid } from '@/lib/errors';
import { makeActor } from '@/lib/testing';
import { createApiToken, maxTokenDays } from './create-api-token';

afterEach(() => {
  delete process.env.API_TOKEN_MAX_DAYS;
});

describe('the lifetime of API tokens', () => {
  it('may be capped by the operator: a token that never expires, or outlives the cap, is refused naming the field, and nothing is written', async () => {
    const ds = await makeActor(['data_scientist']);
    expect((await createApiToken(ds, ds.userId, { name: 'forever', scopes: ['read'], expiresInDays: null })).expiresAt).toBeNull();
    process.env.API_TOKEN_MAX_DAYS = '90';
    const before = await getDb().select().from(apiTokens).where(eq(apiTokens.userId, ds.userId));
    for (const expiresInDays of [null, undefined, 91, 366]) {
      const error = await createApiToken(ds, ds.userId, { name: 'too long', scopes: ['read'], expiresInDays }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Invalid);
      expect((error as Invalid).issues).toEqual([{ path: 'expiresInDays', message: expect.stringContaining('From 1 to 90') }]);
    }
    expect(await getDb().select().from(apiTokens).where(eq(apiTokens.userId, ds.userId))).toHaveLength(before.length);
    const capped = await createApiToken(ds, ds.userId, { name: 'ninety days', scopes: ['read'], expiresInDays: 90 });
    expect(Date.parse(capped.expiresAt!) - Date.now()).toBeGreaterThan(89.9 * 86_400_000);
    expect((await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, capped.id))).map((e) => e.action)).toEqual(['token.created']);
  });

  it('refuses a cap that is not a whole number of days from 1 to 366, so the server does not start on it', () => {
    for (const bad of ['0', '367', '30.5', 'ninety', '-1']) {
      process.env.API_TOKEN_MAX_DAYS = bad;
      expect(() => maxTokenDays()).toThrow(/API_TOKEN_MAX_DAYS must be a whole number of days from 1 to 366/);
    }
    process.env.API_TOKEN_MAX_DAYS = ' 30 ';
    expect(maxTokenDays()).toBe(30);
    process.env.API_TOKEN_MAX_DAYS = '';
    expect(maxTokenDays()).toBeNull();
  });
});
