import { desc, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { first, getDb, unguardedWriter } from '@/db';
import { auditEvents, userSessions } from '@/db/schema';
import { makeActor } from '@/lib/testing';
import { updateUser } from '@/lib/users/update-user';
import { authSecret } from './secret';
import { actorFromSession } from './session-actor';
import { signInWithPassword } from './sign-in';
import { signOut } from './sign-out';

const PASSWORD = 'correct horse battery staple';
const meta = { ip: '10.20.0.1', userAgent: 'vitest' };
const COOKIE = 'next-auth.session-token';

/** A session cookie exactly as next-auth writes it at sign-in (its jwt callback puts `sub` and `sid` in). */
async function cookieFor(token: Record<string, unknown>) {
  return encode({ token, secret: authSecret(), maxAge: 8 * 60 * 60 });
}

/** Signs in for real and returns the cookie the browser would hold. */
async function signedIn(roles: Parameters<typeof makeActor>[0] = ['auditor']) {
  const actor = await makeActor(roles);
  const user = (await signInWithPassword({ email: actor.email, password: PASSWORD }, meta))!;
  const cookie = await cookieFor({ sub: user.id, sid: user.sessionId, email: user.email, name: user.name });
  return { actor, sessionId: user.sessionId, cookie };
}

const request = (cookie: string | null): { headers: Headers; cookies: Record<string, string> } => ({
  headers: new Headers({ 'x-provenant-peer': '10.20.0.9', 'user-agent': 'copied-cookie' }),
  cookies: cookie === null ? {} : { [COOKIE]: cookie },
});

const lastEvent = async () => first(await getDb().select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1))!;

afterEach(() => vi.restoreAllMocks());

describe('server-side sessions', () => {
  it('a session cookie names a live session row and reads as its person', async () => {
    const { actor, cookie } = await signedIn(['risk_officer']);
    expect(await actorFromSession(request(cookie))).toMatchObject({ type: 'user', userId: actor.userId, roles: ['risk_officer'], ip: '10.20.0.9' });
    expect(await actorFromSession(request(null))).toBeNull();
  });

  it('sign-out ends the session, so a copy of the cookie stops working; audited once', async () => {
    const { actor, sessionId, cookie } = await signedIn();
    const copy = cookie;
    expect(await signOut(sessionId, meta)).toBe(true);
    expect(await lastEvent()).toMatchObject({ action: 'auth.signed_out', entityId: actor.userId, actorId: actor.userId, ip: meta.ip, after: JSON.stringify({ sessionId }) });
    expect(first(await getDb().select().from(userSessions).where(eq(userSessions.id, sessionId)).limit(1))).toMatchObject({ endedReason: 'signed_out' });
    expect(await actorFromSession(request(copy))).toBeNull();
    const seq = (await lastEvent()).seq;
    expect(await signOut(sessionId, meta)).toBe(false);
    expect(await signOut('no-such-session', meta)).toBe(false);
    expect((await lastEvent()).seq).toBe(seq);
  });

  it('signing out one session leaves the person’s other sessions alone', async () => {
    const { actor, sessionId, cookie } = await signedIn();
    const other = (await signInWithPassword({ email: actor.email, password: PASSWORD }, meta))!;
    const otherCookie = await cookieFor({ sub: actor.userId, sid: other.sessionId });
    await signOut(sessionId, meta);
    expect(await actorFromSession(request(cookie))).toBeNull();
    expect((await actorFromSession(request(otherCookie)))?.userId).toBe(actor.userId);
  });

  it('disabling a person ends every session of theirs in the same audited change', async () => {
    const admin = await makeActor(['admin']);
    const { actor, cookie } = await signedIn();
    const second = (await signInWithPassword({ email: actor.email, password: PASSWORD }, meta))!;
    const before = (await lastEvent()).seq;
    await updateUser(admin, actor.userId, { disabled: true });
    expect(await lastEvent()).toMatchObject({ seq: before + 1, action: 'user.updated' });
    const rows = await getDb().select().from(userSessions).where(eq(userSessions.userId, actor.userId));
    expect(rows.map((r) => r.endedReason)).toEqual(['user_disabled', 'user_disabled']);
    // Enabled again, the old cookies stay dead: a session ends once.
    await updateUser(admin, actor.userId, { disabled: false });
    expect(await actorFromSession(request(cookie))).toBeNull();
    expect(await actorFromSession(request(await cookieFor({ sub: actor.userId, sid: second.sessionId })))).toBeNull();
  });

  it('refuses a cookie without a session id (issued before sessions were kept), or naming another person’s session', async () => {
    const { actor, sessionId } = await signedIn();
    const stranger = await makeActor(['admin']);
    expect(await actorFromSession(request(await cookieFor({ sub: actor.userId })))).toBeNull();
    expect(await actorFromSession(request(await cookieFor({ sub: stranger.userId, sid: sessionId })))).toBeNull();
    expect(await actorFromSession(request(await cookieFor({ sub: actor.userId, sid: 42 })))).toBeNull();
  });

  it('refuses a session whose row has expired, even while the cookie itself has not', async () => {
    const { sessionId, cookie } = await signedIn();
    await unguardedWriter().update(userSessions).set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where(eq(userSessions.id, sessionId));
    expect(await actorFromSession(request(cookie))).toBeNull();
  });
});

describe('an unreadable session cookie', () => {
  it('reads as nobody, never throws, and logs at most one short line without a stack', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const foreign = await encode({ token: { sub: 'x', sid: 'y' }, secret: 'another-installation-secret', maxAge: 60 });
    const garbage = ['garbage', 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z', foreign, 'a.b.c.d.e', '\u00ff'.repeat(3000)];
    for (const cookie of garbage) {
      expect(await actorFromSession(request(cookie))).toBeNull();
    }
    const lines = [...error.mock.calls, ...warn.mock.calls];
    expect(lines).toHaveLength(garbage.length);
    for (const line of lines) {
      expect(line).toHaveLength(1);
      expect(String(line[0])).toMatch(/^\[auth\] JWT_SESSION_ERROR: a session cookie that does not decrypt was refused and cleared\.$/);
    }
  });

  it('an ended session logs nothing at all', async () => {
    const { sessionId, cookie } = await signedIn();
    await signOut(sessionId, meta);
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await actorFromSession(request(cookie))).toBeNull();
    expect([...error.mock.calls, ...warn.mock.calls]).toEqual([]);
  });
});
