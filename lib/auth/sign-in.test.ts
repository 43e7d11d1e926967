import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db';
import { auditEvents, users } from '@/db/schema';
import { makeActor } from '@/lib/testing';
import { hashPassword, verifyPassword } from './password';
import { signInWithPassword, SignInThrottled } from './sign-in';

const meta = { ip: '10.9.8.7', userAgent: 'vitest' };
const PASSWORD = 'correct horse battery staple';

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
  it('accepts the right password, records the sign-in and audits it', async () => {
    const actor = await makeActor(['auditor']);
    const user = await signInWithPassword({ email: actor.email.toUpperCase(), password: PASSWORD }, meta);
    expect(user?.id).toBe(actor.userId);
    expect(getDb().select().from(users).where(eq(users.id, actor.userId)).get()!.lastSignInAt).not.toBeNull();
    const events = getDb().select().from(auditEvents).where(eq(auditEvents.entityId, actor.userId)).all();
    expect(events.at(-1)).toMatchObject({ action: 'auth.signed_in', ip: meta.ip });
  });

  it('answers the same for a wrong password and an unknown account', async () => {
    const actor = await makeActor(['auditor']);
    expect(await signInWithPassword({ email: actor.email, password: 'wrong' }, meta)).toBeNull();
    expect(await signInWithPassword({ email: 'nobody@test.example', password: 'wrong' }, meta)).toBeNull();
  });

  it('locks an account after five failures, even for the right password', async () => {
    const actor = await makeActor(['auditor']);
    for (let i = 0; i < 5; i++) await signInWithPassword({ email: actor.email, password: 'wrong' }, { ...meta, ip: `10.0.0.${i}` });
    await expect(signInWithPassword({ email: actor.email, password: PASSWORD }, meta)).rejects.toThrow(SignInThrottled);
  });

  it('refuses disabled users', async () => {
    const actor = await makeActor(['auditor']);
    getDb().update(users).set({ disabled: true }).where(eq(users.id, actor.userId)).run();
    expect(await signInWithPassword({ email: actor.email, password: PASSWORD }, meta)).toBeNull();
  });
});
