import { desc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { first, getDb, withTransaction, unguardedWriter } from '@/db';
import { auditEvents, users, userSessions } from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import { makeActor } from '@/lib/testing';
import { authOptions } from './options';
import { hashPassword, verifyPassword } from './password';
import { isFamiliarAddress, SIGN_IN_THROTTLE, signInThrottleKeys } from './sign-in-guard';
import { recordFailure } from './sign-in-throttle';
import { signInWithPassword, SignInThrottled } from './sign-in';

const meta = { ip: '10.9.8.7', userAgent: 'vitest' };
const PASSWORD = 'correct horse battery staple';
const MINUTE = 60_000;

const lastEvent = async () => first(await getDb().select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1))!;
const countEvents = async () => (await getDb().select().from(auditEvents)).length;

/** The refusal an attempt gets, or null when it was let through (whatever the password's verdict). */
async function refusal(email: string, password: string, ip: string): Promise<SignInThrottled | null> {
  try {
    await signInWithPassword({ email, password }, { ip, userAgent: 'vitest' });
    return null;
  } catch (error) {
    if (error instanceof SignInThrottled) return error;
    throw error;
  }
}

afterEach(() => vi.useRealTimers());

describe('passwords', () => {
  it('are hashed with scrypt and a random salt, and verified in constant time', async () => {
    const a = await hashPassword('s3cret-passphrase');
    const b = await hashPassword('s3cret-passphrase');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('s3cret-passphrase', a)).toBe(true);
    expect(await verifyPassword('s3cret-passphrasE', a)).toBe(false);
  });
});

describe('signInWithPassword', () => {
  it('accepts the right password, records the sign-in, opens a session and audits it', async () => {
    const actor = await makeActor(['auditor']);
    const user = await signInWithPassword({ email: actor.email.toUpperCase(), password: PASSWORD }, meta);
    expect(user?.id).toBe(actor.userId);
    expect(first(await getDb().select().from(users).where(eq(users.id, actor.userId)).limit(1))!.lastSignInAt).not.toBeNull();
    const session = first(await getDb().select().from(userSessions).where(eq(userSessions.id, user!.sessionId)).limit(1))!;
    expect(session).toMatchObject({ userId: actor.userId, endedAt: null });
    expect(Date.parse(session.expiresAt) - Date.parse(session.createdAt)).toBe(8 * 60 * MINUTE);
    const events = await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, actor.userId));
    expect(events.at(-1)).toMatchObject({ action: 'auth.signed_in', ip: meta.ip, after: JSON.stringify({ sessionId: user!.sessionId }) });
  });

  it('answers the same for a wrong password and an unknown account, and audits both', async () => {
    const actor = await makeActor(['auditor']);
    expect(await signInWithPassword({ email: actor.email, password: 'wrong' }, meta)).toBeNull();
    expect(await lastEvent()).toMatchObject({ action: 'auth.sign_in_failed', entityId: actor.userId, actorLabel: actor.email });
    expect(await signInWithPassword({ email: 'nobody@test.example', password: 'wrong' }, meta)).toBeNull();
    expect(await lastEvent()).toMatchObject({ action: 'auth.sign_in_failed', entityId: null, actorLabel: 'nobody@test.example' });
  });

  it('refuses disabled users', async () => {
    const actor = await makeActor(['auditor']);
    await unguardedWriter().update(users).set({ disabled: true }).where(eq(users.id, actor.userId));
    expect(await signInWithPassword({ email: actor.email, password: PASSWORD }, meta)).toBeNull();
    expect(await getDb().select().from(userSessions).where(eq(userSessions.userId, actor.userId))).toEqual([]);
  });
});

describe('ill-formed sign-in input', () => {
  it('is a failed sign-in whose email is audited as well-formed text, and the chain stays intact', async () => {
    const cases = [
      ['ghost\ud800@example.com', 'ghost\ufffd@example.com'],
      ['\udfffghost@example.com', '\ufffdghost@example.com'],
      ['gh\u0000ost@example.com', 'gh\ufffdost@example.com'],
      ['Ghost\u0007\u009b@Example.com', 'ghost\ufffd\ufffd@example.com'],
      // A right-to-left override would show a stranger's attempt as alex.morgan@example.com on the audit page.
      ['\u202Emoc.elpmaxe@nagrom.xela', '\ufffdmoc.elpmaxe@nagrom.xela'],
      ['\u2067alex@example.com\u2069', '\ufffdalex@example.com\ufffd'],
      ['cafe\u0301@example.com', 'caf\u00e9@example.com'],
    ];
    for (const [typed, audited] of cases) {
      expect(await signInWithPassword({ email: typed!, password: 'whatever' }, { ...meta, ip: '10.77.0.1' })).toBeNull();
      expect(await lastEvent()).toMatchObject({ action: 'auth.sign_in_failed', actorLabel: audited });
    }
    expect(await verifyAuditChain()).toMatchObject({ ok: true, firstBrokenSeq: null });
  });

  it('reaches the audit trail the same way through next-auth’s credentials provider (a JSON body)', async () => {
    const provider = authOptions().providers[0] as unknown as { options: { authorize: (c: unknown, r: unknown) => Promise<unknown> } };
    const credentials = JSON.parse('{"email":"ghost\\ud800@example.com","password":"x"}') as unknown;
    await expect(provider.options.authorize(credentials, { headers: { 'x-provenant-peer': '10.77.0.2' } })).rejects.toThrow('Invalid email or password.');
    expect(await lastEvent()).toMatchObject({ action: 'auth.sign_in_failed', actorLabel: 'ghost\ufffd@example.com', ip: '10.77.0.2' });
    expect((await verifyAuditChain()).ok).toBe(true);
  });
});

describe('sign-in throttling', () => {
  it('holds one address back from one account after five failures, saying when to try again', async () => {
    const actor = await makeActor(['auditor']);
    for (let i = 0; i < 5; i++) expect(await refusal(actor.email, 'wrong', '10.1.0.1')).toBeNull();
    const refused = await refusal(actor.email, PASSWORD, '10.1.0.1');
    expect(refused?.message).toBe('Too many failed sign-ins. Try again in 15 minutes.');
    expect(refused!.retryAfterMs).toBeGreaterThan(14 * MINUTE);
  });

  it('never locks the owner out at an address they signed in from, whatever happens elsewhere', async () => {
    const owner = await makeActor(['risk_officer']);
    expect(await signInWithPassword({ email: owner.email, password: PASSWORD }, { ...meta, ip: '192.0.2.10' })).not.toBeNull();
    // An attacker guesses from ten addresses, four times each: no address of theirs is held back on its own.
    for (let a = 0; a < 10; a++) for (let i = 0; i < 4; i++) await refusal(owner.email, `guess-${a}-${i}`, `10.2.0.${a}`);
    expect(await refusal(owner.email, 'one more guess', '10.2.0.99')).toBeInstanceOf(SignInThrottled);
    expect(await signInWithPassword({ email: owner.email, password: PASSWORD }, { ...meta, ip: '192.0.2.10' })).not.toBeNull();
  });

  it('knows an address from sign-ins recorded in its IPv4-mapped spelling, before addresses were unmapped', async () => {
    const actor = await makeActor(['auditor']);
    // The audit trail of earlier releases holds a dual-stack socket's IPv4 client as ::ffff:a.b.c.d.
    expect(await signInWithPassword({ email: actor.email, password: PASSWORD }, { ...meta, ip: '::ffff:10.4.0.1' })).not.toBeNull();
    expect(await isFamiliarAddress(actor.userId, '10.4.0.1')).toBe(true);
    expect(await isFamiliarAddress(actor.userId, '10.4.0.2')).toBe(false);
    expect(await isFamiliarAddress(actor.userId, '::ffff:10.4.0.1')).toBe(true);
  });

  it('slows an account down for unfamiliar addresses with a delay that doubles, capped, and then forgets', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const actor = await makeActor(['auditor']);
    const { baseMs, capMs } = SIGN_IN_THROTTLE.account;
    for (let i = 0; i < 4; i++) expect(await refusal(actor.email, 'wrong', `10.3.0.${i}`)).toBeNull();
    const waits: number[] = [];
    for (let i = 4; i < 14; i++) {
      expect(await refusal(actor.email, 'wrong', `10.3.0.${i}`)).toBeNull();
      const refused = (await refusal(actor.email, PASSWORD, '10.3.1.1'))!;
      waits.push(refused.retryAfterMs);
      vi.setSystemTime(Date.now() + refused.retryAfterMs);
    }
    expect(waits.slice(0, 4)).toEqual([baseMs, 2 * baseMs, 4 * baseMs, 8 * baseMs]);
    expect(Math.max(...waits)).toBe(capMs);
    expect(waits.at(-1)).toBe(capMs);
    // Let through as soon as the delay is over; a quiet quarter of an hour later the count starts again.
    expect(await signInWithPassword({ email: actor.email, password: PASSWORD }, { ...meta, ip: '10.3.1.1' })).not.toBeNull();
    vi.setSystemTime(Date.now() + 16 * MINUTE);
    expect(await refusal(actor.email, 'wrong', '10.3.2.1')).toBeNull();
    expect(await refusal(actor.email, PASSWORD, '10.3.2.2')).toBeNull();
  });

  it('holds back an address that fails on many accounts (password spraying), except on its own accounts', async () => {
    const local = await makeActor(['auditor']);
    const stranger = await makeActor(['auditor']);
    expect(await signInWithPassword({ email: local.email, password: PASSWORD }, { ...meta, ip: '10.4.0.1' })).not.toBeNull();
    // All but the last failure counted directly (a scrypt each would take a minute); the last one is a real attempt.
    await withTransaction(async (tx) => {
      for (let i = 0; i < SIGN_IN_THROTTLE.address - 1; i++) await recordFailure(tx, signInThrottleKeys(`sprayed-${i}@test.example`, '10.4.0.1').all);
    });
    expect(await refusal(stranger.email, 'Winter2026!', '10.4.0.1')).toBeNull();
    expect((await refusal(stranger.email, PASSWORD, '10.4.0.1'))?.message).toBe('Too many failed sign-ins. Try again in 15 minutes.');
    expect((await refusal('sprayed-0@test.example', 'Winter2026!', '10.4.0.1'))?.message).toBe('Too many failed sign-ins. Try again in 15 minutes.');
    expect(await signInWithPassword({ email: stranger.email, password: PASSWORD }, { ...meta, ip: '10.4.0.2' })).not.toBeNull();
    expect(await signInWithPassword({ email: local.email, password: PASSWORD }, { ...meta, ip: '10.4.0.1' })).not.toBeNull();
  });

  it('counts a burst of parallel guesses before checking them, so no more than five get through', async () => {
    const actor = await makeActor(['auditor']);
    const before = await countEvents();
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => refusal(actor.email, `parallel-${i}`, '10.5.0.1')));
    expect(outcomes.filter((o) => o === null)).toHaveLength(5);
    // Every guess that was checked is audited; a refusal checks nothing and writes nothing.
    expect(await countEvents() - before).toBe(5);
  });

  it('forgives the attempt that succeeds: signing in from new addresses never builds up a delay', async () => {
    const actor = await makeActor(['auditor']);
    for (let i = 0; i < 8; i++) {
      expect(await signInWithPassword({ email: actor.email, password: PASSWORD }, { ...meta, ip: `10.6.0.${i}` })).not.toBeNull();
    }
    for (let i = 0; i < 4; i++) await refusal(actor.email, 'wrong', '10.6.1.1');
    expect(await signInWithPassword({ email: actor.email, password: PASSWORD }, { ...meta, ip: '10.6.1.1' })).not.toBeNull();
  });
});
