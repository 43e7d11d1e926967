import { readFileSync } from 'node:fs';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { DIALECT } from '@/db/dialect';
import { first, getDb, unguardedWriter } from '@/db';
import { auditEvents, roleGrants, userRoles, userSessions, users } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { authenticateBearer } from '@/lib/auth/api-tokens';
import { createApiToken } from '@/lib/auth/create-api-token';
import { verifyPassword } from '@/lib/auth/password';
import { assertCan, TEMPORARY_PASSWORD_REFUSAL } from '@/lib/auth/permissions';
import { authSecret } from '@/lib/auth/secret';
import { actorFromSession } from '@/lib/auth/session-actor';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { Conflict, Forbidden, Invalid } from '@/lib/errors';
import { makeActor, userRow } from '@/lib/testing';
import { createUser } from './create-user';
import { updateUser } from './update-user';
import { changeOwnPassword, resetPassword } from './passwords';
import { temporaryPasswordOrigin } from './queries';
import { ZChangeOwnPasswordInput } from './schemas';

const meta = { ip: '10.30.0.1', userAgent: 'vitest' };
const TEMPORARY = 'temporary password from alex';
const OWN = 'a phrase only dana knows';

async function sessionActor(email: string, password: string): Promise<Actor> {
  const signed = await signInWithPassword({ email, password }, meta);
  if (!signed) throw new Error(`sign-in as ${email} failed`);
  const cookie = await encode({ token: { sub: signed.id, sid: signed.sessionId }, secret: authSecret(), maxAge: 3600 });
  const actor = await actorFromSession({ headers: new Headers({ 'user-agent': 'vitest' }), cookies: { 'next-auth.session-token': cookie } });
  if (!actor) throw new Error('no actor for a fresh session');
  return actor;
}

/** An account an administrator made in the browser, and its first session. */
async function madeByAdmin(roles: Parameters<typeof makeActor>[0] = ['data_scientist']) {
  const admin = await makeActor(['admin']);
  const email = `new-${Math.random().toString(36).slice(2, 8)}@test.example`;
  const user = await createUser(admin, { email, name: 'New Person', roles, password: TEMPORARY });
  return { admin, user, session: await sessionActor(email, TEMPORARY) };
}

const eventsOn = async (userId: string) =>
  await getDb().select().from(auditEvents).where(and(eq(auditEvents.entityType, 'user'), eq(auditEvents.entityId, userId))).orderBy(desc(auditEvents.seq));
const liveSessions = async (userId: string) =>
  (await getDb().select().from(userSessions).where(eq(userSessions.userId, userId))).filter((s) => s.endedAt === null).map((s) => s.id);

describe('a temporary password an administrator chose', () => {
  it('opens a session that holds no role and may do nothing but choose the person’s own', async () => {
    const { admin, user, session } = await madeByAdmin();
    expect((await userRow(user.id))!.passwordSetBy).toBe('admin');
    expect(session).toMatchObject({ roles: [], mustChoosePassword: true });
    expect(() => assertCan(session, 'inventory.read')).toThrow(new Forbidden(TEMPORARY_PASSWORD_REFUSAL));
    expect(await temporaryPasswordOrigin(user.id)).toMatchObject({ by: admin.name });
    // The command line (the first admin, the demo) sets the password its operator typed: it is theirs.
    const operator = await createUser(systemActor('cli'), { email: `op-${Date.now()}@test.example`, name: 'Op', roles: ['admin'], password: TEMPORARY });
    expect((await userRow(operator.id))!.passwordSetBy).toBe('self');
  });

  it('once replaced, the same session holds its roles; other sessions end; the audit event holds no secret', async () => {
    const { user, session } = await madeByAdmin();
    const elsewhere = await sessionActor(user.email, TEMPORARY);
    const done = await changeOwnPassword(session, { current: TEMPORARY, password: OWN, confirm: OWN });
    expect(done.otherSessionsEnded).toBe(1);
    expect(await liveSessions(user.id)).toEqual([session.sessionId]);
    expect(await liveSessions(user.id)).not.toContain(elsewhere.sessionId);
    const row = (await userRow(user.id))!;
    expect(row).toMatchObject({ passwordSetBy: 'self', passwordChangedAt: done.passwordChangedAt });
    expect(await verifyPassword(OWN, row.passwordHash)).toBe(true);
    const [event] = await eventsOn(user.id);
    expect(event).toMatchObject({ action: 'user.password_changed', actorId: user.id, before: JSON.stringify({ passwordSetBy: 'admin' }) });
    expect(JSON.stringify(event)).not.toContain(OWN);
    expect(JSON.stringify(event)).not.toContain(row.passwordHash);
    const again = await sessionActor(user.email, OWN);
    expect(again.mustChoosePassword).toBeUndefined();
    expect(again.roles).toEqual(['data_scientist']);
    await expect(signInWithPassword({ email: user.email, password: TEMPORARY }, meta)).resolves.toBeNull();
  });
});

describe('changing one’s own password', () => {
  it('refuses a wrong current password (audited, nothing changed), the same password, the email, and two new ones that differ', async () => {
    const { user, session } = await madeByAdmin();
    const before = (await userRow(user.id))!.passwordHash;
    await expect(changeOwnPassword(session, { current: 'not the password at all', password: OWN, confirm: OWN })).rejects.toMatchObject({ issues: [{ path: 'current', message: 'Wrong password.' }] });
    expect((await eventsOn(user.id))[0]).toMatchObject({ action: 'user.password_change_failed', actorId: user.id });
    await expect(changeOwnPassword(session, { current: TEMPORARY, password: TEMPORARY, confirm: TEMPORARY })).rejects.toThrow(/the one you have/);
    await expect(changeOwnPassword(session, { current: TEMPORARY, password: user.email.toUpperCase(), confirm: user.email.toUpperCase() })).rejects.toThrow(/not your email/);
    expect(ZChangeOwnPasswordInput.safeParse({ current: TEMPORARY, password: OWN, confirm: `${OWN}!` }).error?.issues[0]).toMatchObject({ path: ['confirm'] });
    expect(ZChangeOwnPasswordInput.safeParse({ current: TEMPORARY, password: 'short', confirm: 'short' }).success).toBe(false);
    expect((await userRow(user.id))!).toMatchObject({ passwordHash: before, passwordSetBy: 'admin' });
  });

  it('locks after five wrong current passwords in a row, even with the right one', async () => {
    const { session } = await madeByAdmin();
    for (let i = 0; i < 5; i++) await expect(changeOwnPassword(session, { current: `wrong ${i} wrong wrong`, password: OWN, confirm: OWN })).rejects.toBeInstanceOf(Invalid);
    await expect(changeOwnPassword(session, { current: TEMPORARY, password: OWN, confirm: OWN })).rejects.toThrow(/locked/);
  });

  it('is refused to an API token, even its owner’s', async () => {
    const person = await makeActor(['data_scientist']);
    const { secret } = await createApiToken(person, person.userId, { name: 'ci', scopes: ['register'] });
    const token = await authenticateBearer(secret, meta);
    await expect(changeOwnPassword(token, { current: 'correct horse battery staple', password: OWN, confirm: OWN })).rejects.toBeInstanceOf(Forbidden);
  });

  it('two changes at once from one old password: exactly one lands', async () => {
    const { user, session } = await madeByAdmin();
    const results = await Promise.allSettled([
      changeOwnPassword(session, { current: TEMPORARY, password: OWN, confirm: OWN }),
      changeOwnPassword(session, { current: TEMPORARY, password: `${OWN} but other`, confirm: `${OWN} but other` }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason instanceof Conflict || refused.reason instanceof Invalid).toBe(true);
    expect((await eventsOn(user.id)).filter((e) => e.action === 'user.password_changed')).toHaveLength(1);
  });
});

describe('an administrator resetting a password', () => {
  it('gives a temporary one, ends every session of the person, keeps their API tokens; audited without the password', async () => {
    const admin = await makeActor(['admin']);
    const person = await makeActor(['data_scientist']);
    const session = await sessionActor(person.email, 'correct horse battery staple');
    const { secret } = await createApiToken(session, person.userId, { name: 'pipeline', scopes: ['register'] });
    await resetPassword(admin, person.userId, { password: TEMPORARY });
    expect(await liveSessions(person.userId)).toEqual([]);
    expect((await userRow(person.userId))!.passwordSetBy).toBe('admin');
    const [event] = await eventsOn(person.userId);
    expect(event).toMatchObject({ action: 'user.password_reset', actorId: admin.userId, after: JSON.stringify({ passwordSetBy: 'admin', sessionsEnded: 1 }) });
    expect(JSON.stringify(event)).not.toContain(TEMPORARY);
    expect((await authenticateBearer(secret, meta)).roles).toEqual(['data_scientist']);
    expect(await temporaryPasswordOrigin(person.userId)).toMatchObject({ by: admin.name });
    expect((await sessionActor(person.email, TEMPORARY)).mustChoosePassword).toBe(true);
  });

  it('is refused to anyone but an admin, and for one’s own account', async () => {
    const admin = await makeActor(['admin']);
    const officer = await makeActor(['risk_officer']);
    const seq = (await eventsOn(officer.userId)).length;
    await expect(resetPassword(officer, admin.userId, { password: TEMPORARY })).rejects.toBeInstanceOf(Forbidden);
    await expect(resetPassword(admin, admin.userId, { password: TEMPORARY })).rejects.toBeInstanceOf(Conflict);
    await expect(resetPassword(admin, 'no-such-user', { password: TEMPORARY })).rejects.toThrow(/not found/i);
    expect((await eventsOn(officer.userId)).length).toBe(seq);
    expect((await userRow(admin.userId))!.passwordSetBy).toBe('self');
  });
});

describe('the migration that brought own passwords', () => {
  it('marks as temporary the passwords of accounts an administrator made, and only those', async () => {
    const { user } = await madeByAdmin();
    const cli = await makeActor(['auditor']);
    await unguardedWriter().update(users).set({ passwordSetBy: 'self' });
    const file = DIALECT === 'postgresql' ? 'db/migrations-pg/0011_own_passwords.sql' : 'db/migrations/0014_own_passwords.sql';
    const update = readFileSync(file, 'utf8').split('--> statement-breakpoint').map((s) => s.trim()).find((s) => s.includes('UPDATE'))!;
    const statement = update.split('\n').filter((line) => !line.startsWith('--')).join('\n');
    const writer = unguardedWriter() as unknown as { run?: (q: unknown) => unknown; execute?: (q: unknown) => Promise<unknown> };
    await (DIALECT === 'postgresql' ? writer.execute!(sql.raw(statement)) : writer.run!(sql.raw(statement)));
    expect((await userRow(user.id))!.passwordSetBy).toBe('admin');
    expect((await userRow(cli.userId))!.passwordSetBy).toBe('self');
  });
});

describe('resetting the password of a signer', () => {
  it('suspends their signing and administering roles until someone else holding each confirms it again', async () => {
    const admin = await makeActor(['admin']);
    await makeActor(['risk_officer']);
    const signer = await makeActor(['risk_officer', 'data_scientist']);
    await resetPassword(admin, signer.userId, { password: TEMPORARY });
    expect((await getDb().select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, signer.userId))).map((r) => r.role)).toEqual(['data_scientist']);
    const [grant] = await getDb().select().from(roleGrants).where(eq(roleGrants.userId, signer.userId));
    expect(grant).toMatchObject({ role: 'risk_officer', reason: 'password_reset', status: 'pending', grantedById: admin.userId });
    expect((await eventsOn(signer.userId)).slice(0, 2).map((e) => e.action)).toEqual(['user.role_requested', 'user.password_reset']);
  });

  it('is refused, changing nothing, when no one else holds the role to confirm it again; the command line resets, roles kept', async () => {
    const admin = await makeActor(['admin']);
    const reviewer = await makeActor(['security_reviewer']);
    await unguardedWriter().delete(userRoles).where(and(eq(userRoles.role, 'security_reviewer'), ne(userRoles.userId, reviewer.userId)));
    const hash = (await userRow(reviewer.userId))!.passwordHash;
    await expect(resetPassword(admin, reviewer.userId, { password: TEMPORARY })).rejects.toThrow(/npm run cli -- user password/);
    expect((await userRow(reviewer.userId))!).toMatchObject({ passwordHash: hash, passwordSetBy: 'self' });
    await resetPassword(systemActor('cli'), reviewer.userId, { password: TEMPORARY });
    expect((await userRow(reviewer.userId))!.passwordSetBy).toBe('operator');
    expect(await temporaryPasswordOrigin(reviewer.userId)).toMatchObject({ by: 'The command line' });
    expect((await getDb().select().from(userRoles).where(eq(userRoles.userId, reviewer.userId))).map((r) => r.role)).toEqual(['security_reviewer']);
  });
});

describe('what a reset cannot hide behind', () => {
  it('a grant waiting before the reset is withdrawn and asked again as the reset’s, given by the resetter', async () => {
    const [bea, alex] = [await makeActor(['admin']), await makeActor(['admin'])];
    await makeActor(['risk_officer']);
    const nina = await makeActor(['data_scientist']);
    await updateUser(bea, nina.userId, { roles: ['data_scientist', 'risk_officer'] });
    await resetPassword(alex, nina.userId, { password: TEMPORARY });
    const grants = await getDb().select().from(roleGrants).where(eq(roleGrants.userId, nina.userId)).orderBy(roleGrants.createdAt);
    expect(grants.map((g) => [g.status, g.reason, g.grantedById])).toEqual([['withdrawn', 'given', bea.userId], ['pending', 'password_reset', alex.userId]]);
  });

  it('an account whose roles came with an administrator’s password from before this release: replacing it suspends them', async () => {
    await makeActor(['risk_officer']);
    const rita = await makeActor(['risk_officer', 'auditor']);
    await unguardedWriter().update(users).set({ passwordSetBy: 'admin' }).where(eq(users.id, rita.userId));
    const session = await sessionActor(rita.email, 'correct horse battery staple');
    expect(session.roles).toEqual([]);
    await changeOwnPassword(session, { current: 'correct horse battery staple', password: OWN, confirm: OWN });
    expect((await getDb().select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, rita.userId))).map((r) => r.role)).toEqual(['auditor']);
    expect(first(await getDb().select().from(roleGrants).where(eq(roleGrants.userId, rita.userId)))).toMatchObject({ role: 'risk_officer', reason: 'upgrade', status: 'pending' });
    expect((await eventsOn(rita.userId)).slice(0, 2).map((e) => [e.action, e.actorId])).toEqual([['user.password_changed', rita.userId], ['user.role_requested', rita.userId]]);
  });
});
