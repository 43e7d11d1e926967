import { and, count, eq, ne } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { first, getDb, unguardedWriter } from '@/db';
import { auditEvents, notifications, roleGrants, userRoles, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { runUserGrant } from '@/lib/cli/user-grant';
import { Conflict, Forbidden, Invalid } from '@/lib/errors';
import { actionItems } from '@/lib/inbox/action-items';
import { makeActor } from '@/lib/testing';
import { createUser } from './create-user';
import { getUserRecord, listUsers } from './queries';
import { decideRoleGrant } from './role-grants';
import { ZDecideRoleGrantInput } from './schemas';
import { updateUser } from './update-user';

const PASSWORD = 'correct horse battery staple';
const unique = (label: string) => `${label}-${Math.random().toString(36).slice(2, 8)}@test.example`;

async function grantOf(userId: string, role: string) {
  return first(await getDb().select().from(roleGrants).where(and(eq(roleGrants.userId, userId), eq(roleGrants.role, role as never))).orderBy(roleGrants.createdAt).limit(1));
}
const actionsOn = async (userId: string) =>
  (await getDb().select({ action: auditEvents.action, actorId: auditEvents.actorId }).from(auditEvents).where(and(eq(auditEvents.entityType, 'user'), eq(auditEvents.entityId, userId))).orderBy(auditEvents.seq)).map((e) => e.action);
const rowCount = async () => first(await getDb().select({ n: count() }).from(users).limit(1))!.n;

/** An admin, a risk officer who may confirm, and a person the admin makes a risk officer. */
async function scene() {
  const admin = await makeActor(['admin']);
  const rita = await makeActor(['risk_officer']);
  const made = await createUser(admin, { email: unique('priya'), name: 'Priya', roles: ['risk_officer', 'data_scientist'], password: 'temporary password 1' });
  const grant = (await grantOf(made.id, 'risk_officer'))!;
  return { admin, rita, made, grant };
}

/** As if the person signed in and chose their own password (passwords.test.ts covers how). */
const choseOwnPassword = async (userId: string) => await unguardedWriter().update(users).set({ passwordSetBy: 'self' }).where(eq(users.id, userId));

describe('a signing or administering role an administrator gives', () => {
  it('waits for someone else who holds it: the person has only the other roles, the holders are asked, the giver sees it coming', async () => {
    const { admin, rita, made, grant } = await scene();
    expect(made).toMatchObject({ roles: ['data_scientist'], pendingRoles: ['risk_officer'] });
    expect((await getUserRecord(made.id)).roles).toEqual(['data_scientist']);
    expect(grant).toMatchObject({ status: 'pending', grantedById: admin.userId });
    expect(await actionsOn(made.id)).toEqual(['user.created', 'user.role_requested']);
    const news = await getDb().select().from(notifications).where(and(eq(notifications.entityId, grant.id), eq(notifications.userId, rita.userId)));
    expect(news).toHaveLength(1);
    await choseOwnPassword(made.id);
    expect((await actionItems(rita)).items.map((i) => i.title)).toContain('Confirm Priya as risk officer');
    expect((await actionItems(admin)).comingUp.map((i) => i.title)).toContain('Priya as risk officer');
    expect((await listUsers(admin)).find((u) => u.id === made.id)).toMatchObject({ roles: ['data_scientist'], pendingRoles: ['risk_officer'] });
  });

  it('is refused, with nothing written, when no one but the giver holds it: then only the command line gives it', async () => {
    const admin = await makeActor(['admin']);
    await unguardedWriter().delete(userRoles).where(eq(userRoles.role, 'security_reviewer'));
    const before = await rowCount();
    await expect(createUser(admin, { email: unique('lone'), name: 'Lone', roles: ['security_reviewer'], password: 'temporary password 1' })).rejects.toThrow(/npm run cli -- user grant/);
    expect(await rowCount()).toBe(before);
    // A second admin account is no way round it when the only admin is the giver.
    await unguardedWriter().delete(userRoles).where(and(eq(userRoles.role, 'admin'), ne(userRoles.userId, admin.userId)));
    await expect(createUser(admin, { email: unique('puppet'), name: 'Puppet', roles: ['admin'], password: 'temporary password 1' })).rejects.toBeInstanceOf(Conflict);
    expect(await rowCount()).toBe(before);
  });

  it('is decided by a holder only: never its person, its giver, another role or a token; a wrong password is audited', async () => {
    const { admin, made, grant } = await scene();
    await choseOwnPassword(made.id);
    const reviewer = await makeActor(['security_reviewer']);
    const priya: Actor = { type: 'user', userId: made.id, email: made.email, name: made.name, roles: ['risk_officer'], ip: null, userAgent: null };
    const ask = { grantId: grant.id, decision: 'confirm' as const, comment: '', password: PASSWORD };
    await expect(decideRoleGrant(priya, ask)).rejects.toThrow(/for you/);
    await expect(decideRoleGrant({ ...admin, roles: ['admin', 'risk_officer'] }, ask)).rejects.toThrow(/You gave this role/);
    await expect(decideRoleGrant(reviewer, ask)).rejects.toBeInstanceOf(Forbidden);
    const rita = await makeActor(['risk_officer']);
    await expect(decideRoleGrant({ ...rita, type: 'token' }, ask)).rejects.toThrow(/API tokens/);
    await expect(decideRoleGrant(rita, { ...ask, password: 'not my password at all' })).rejects.toBeInstanceOf(Invalid);
    expect((await actionsOn(made.id)).at(-1)).toBe('user.role_decide_failed');
    expect((await grantOf(made.id, 'risk_officer'))!.status).toBe('pending');
  });

  it('is confirmed only for an account its owner controls: their own password, enabled, given by an active admin', async () => {
    const { admin, rita, made, grant } = await scene();
    const ask = { grantId: grant.id, decision: 'confirm' as const, comment: '', password: PASSWORD };
    await expect(decideRoleGrant(rita, ask)).rejects.toThrow(/not yet chosen their own password/);
    expect((await actionItems(rita)).comingUp.map((i) => i.detail).join()).toMatch(/waits for them to choose their own password/);
    await choseOwnPassword(made.id);
    await unguardedWriter().update(users).set({ disabled: true }).where(eq(users.id, made.id));
    await expect(decideRoleGrant(rita, ask)).rejects.toThrow(/is disabled/);
    await unguardedWriter().update(users).set({ disabled: false }).where(eq(users.id, made.id));
    await unguardedWriter().delete(userRoles).where(eq(userRoles.userId, admin.userId));
    await expect(decideRoleGrant(rita, ask)).rejects.toThrow(/no longer an active administrator/);
    // A rejection needs none of this.
    await decideRoleGrant(rita, { ...ask, decision: 'reject', comment: 'Not known to me.' });
    expect((await grantOf(made.id, 'risk_officer'))!.status).toBe('rejected');
  });

  it('once confirmed is in force, audited with who decided; decided once; the news stops asking', async () => {
    const { rita, made, grant } = await scene();
    await choseOwnPassword(made.id);
    const other = await makeActor(['risk_officer']);
    const results = await Promise.allSettled([
      decideRoleGrant(rita, { grantId: grant.id, decision: 'confirm', comment: 'Priya joins second line today.', password: PASSWORD }),
      decideRoleGrant(other, { grantId: grant.id, decision: 'reject', comment: 'Not known to me.', password: PASSWORD }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const decided = (await grantOf(made.id, 'risk_officer'))!;
    expect(['confirmed', 'rejected']).toContain(decided.status);
    expect((await getUserRecord(made.id)).roles.includes('risk_officer')).toBe(decided.status === 'confirmed');
    expect((await actionsOn(made.id)).filter((a) => a === 'user.role_confirmed' || a === 'user.role_rejected')).toHaveLength(1);
    const unread = await getDb().select().from(notifications).where(and(eq(notifications.entityId, grant.id), eq(notifications.type, 'user.role_requested')));
    expect(unread.every((n) => n.readAt !== null)).toBe(true);
    await expect(decideRoleGrant(rita, { grantId: grant.id, decision: 'confirm', comment: '', password: PASSWORD })).rejects.toBeInstanceOf(Conflict);
  });

  it('decides nothing when the decider lost the role meanwhile', async () => {
    const { rita, made, grant } = await scene();
    await choseOwnPassword(made.id);
    await unguardedWriter().delete(userRoles).where(eq(userRoles.userId, rita.userId));
    await expect(decideRoleGrant(rita, { grantId: grant.id, decision: 'confirm', comment: '', password: PASSWORD })).rejects.toThrow(/no longer hold/);
    expect((await grantOf(made.id, 'risk_officer'))!.status).toBe('pending');
  });

  it('a rejection needs a comment', () => {
    expect(ZDecideRoleGrantInput.safeParse({ grantId: 'g', decision: 'reject', comment: ' ', password: 'x' }).error?.issues[0]).toMatchObject({ path: ['comment'] });
    expect(ZDecideRoleGrantInput.safeParse({ grantId: 'g', decision: 'confirm', password: 'x' }).success).toBe(true);
  });

  it('given by editing an account: the other roles change at once, an unticked pending role is withdrawn', async () => {
    const admin = await makeActor(['admin']);
    await makeActor(['security_reviewer']);
    const person = await makeActor(['data_scientist']);
    const edited = await updateUser(admin, person.userId, { roles: ['auditor', 'security_reviewer'] });
    expect(edited.roles).toEqual(['auditor']);
    expect((await grantOf(person.userId, 'security_reviewer'))!.status).toBe('pending');
    // Saving again with it ticked asks nothing twice.
    await updateUser(admin, person.userId, { roles: ['auditor', 'security_reviewer'] });
    expect((await getDb().select().from(roleGrants).where(eq(roleGrants.userId, person.userId)))).toHaveLength(1);
    await updateUser(admin, person.userId, { roles: ['auditor'] });
    expect((await grantOf(person.userId, 'security_reviewer'))!.status).toBe('withdrawn');
    expect((await actionsOn(person.userId))).toEqual(['user.created', 'user.updated', 'user.role_requested', 'user.role_withdrawn']);
  });
});

describe('editing an account with roles awaiting confirmation', () => {
  it('an admin with a pending role of their own can still rename themselves', async () => {
    const [alex, sam] = [await makeActor(['admin']), await makeActor(['admin'])];
    await makeActor(['auditor']);
    await makeActor(['security_reviewer']);
    await updateUser(sam, alex.userId, { roles: ['admin', 'security_reviewer'] });
    expect((await updateUser(alex, alex.userId, { name: 'Alex R.', roles: ['admin', 'security_reviewer'], shownRoles: ['admin', 'security_reviewer'] })).name).toBe('Alex R.');
    expect((await grantOf(alex.userId, 'security_reviewer'))!.status).toBe('pending');
  });

  it('refuses a form opened before its roles changed, rather than asking again for a role just rejected', async () => {
    const { admin, rita, made, grant } = await scene();
    await decideRoleGrant(rita, { grantId: grant.id, decision: 'reject', comment: 'Not known to me.', password: PASSWORD });
    const stale = { name: 'Priya N.', roles: ['data_scientist', 'risk_officer'] as const, shownRoles: ['data_scientist', 'risk_officer'] as never };
    await expect(updateUser(admin, made.id, { ...stale, roles: [...stale.roles] })).rejects.toThrow(/changed since this form was opened/);
    expect(await getDb().select().from(roleGrants).where(and(eq(roleGrants.userId, made.id), eq(roleGrants.status, 'pending')))).toHaveLength(0);
  });

  it('enabling a disabled signer again puts their signing role back to waiting; disabling an admin withdraws what they gave', async () => {
    const admin = await makeActor(['admin']);
    const other = await makeActor(['admin']);
    await makeActor(['risk_officer']);
    const signer = await makeActor(['risk_officer', 'auditor']);
    await updateUser(admin, signer.userId, { disabled: true });
    const enabled = await updateUser(admin, signer.userId, { disabled: false });
    expect(enabled.roles).toEqual(['auditor']);
    expect(await grantOf(signer.userId, 'risk_officer')).toMatchObject({ status: 'pending', reason: 'reenabled' });
    const person = await makeActor(['data_scientist']);
    await updateUser(admin, person.userId, { roles: ['data_scientist', 'risk_officer'] });
    await updateUser(other, admin.userId, { disabled: true });
    expect((await grantOf(person.userId, 'risk_officer'))!.status).toBe('withdrawn');
  });
});

describe('npm run cli -- user grant', () => {
  it('gives roles to an existing account at once, audited as the command line, and withdraws their pending grants', async () => {
    const { made } = await scene();
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await runUserGrant({ email: made.email.toUpperCase(), role: ['risk_officer'] } as never)).toBe(0);
    expect((await getUserRecord(made.id)).roles).toEqual(['data_scientist', 'risk_officer']);
    expect((await grantOf(made.id, 'risk_officer'))!.status).toBe('withdrawn');
    expect(await runUserGrant({ email: made.email, role: ['wizard'] } as never)).toBe(2);
    expect(await runUserGrant({ email: 'nobody@test.example', role: ['auditor'] } as never)).toBe(1);
    log.mockRestore();
    error.mockRestore();
  });
});
