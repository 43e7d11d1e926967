import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db';
import { auditEvents, roleGrants, userRoles } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { actionItems } from '@/lib/inbox/action-items';
import { makeActor } from '@/lib/testing';
import { createUser } from './create-user';
import { getUserRecord } from './queries';
import { decideRoleGrant, withdrawRoleGrant } from './role-grants';
import { ZCreateUserInput } from './schemas';
import { updateUser } from './update-user';

const PASSWORD = 'correct horse battery staple';
let admin: Actor;
let otherAdmin: Actor;
let rita: Actor;

beforeAll(async () => {
  [admin, otherAdmin] = await Promise.all([makeActor(['admin'], 'alex'), makeActor(['admin'], 'sam')]);
});

const newPerson = (roles: string[], label: string) => createUser(admin, ZCreateUserInput.parse({ email: `${label}-${Math.random().toString(36).slice(2, 8)}@test.example`, name: `Person ${label}`, roles, password: PASSWORD }));
const grantOf = async (userId: string, role: string) => (await getDb().select().from(roleGrants).where(and(eq(roleGrants.userId, userId), eq(roleGrants.role, role as 'risk_officer'))))[0];
const actorOf = async (id: string): Promise<Actor> => {
  const u = await getUserRecord(id);
  return { type: 'user', userId: u.id, email: u.email, name: u.name, roles: u.roles, ip: '127.0.0.1', userAgent: 'vitest' };
};
const decide = (actor: Actor, grantId: string, decision: 'confirm' | 'refuse', password = PASSWORD) => decideRoleGrant(actor, { grantId, decision, password });

describe('a signing role an admin grants', () => {
  it('is granted at once to its first holder: nobody could confirm it', async () => {
    const first = await newPerson(['risk_officer'], 'first-ro');
    expect(first).toMatchObject({ roles: ['risk_officer'], pendingRoles: [] });
    rita = await actorOf(first.id);
  });

  it('waits, once someone holds it, for a holder other than the admin and the person to confirm it with their password', async () => {
    const created = await newPerson(['data_scientist', 'risk_officer'], 'second-ro');
    expect(created).toMatchObject({ roles: ['data_scientist'], pendingRoles: ['risk_officer'] });
    expect((await getUserRecord(created.id)).roles).toEqual(['data_scientist']);
    const grant = (await grantOf(created.id, 'risk_officer'))!;
    expect(grant).toMatchObject({ status: 'pending', grantedById: admin.userId });
    // The holder is asked in the inbox; the admin sees it coming up.
    expect((await actionItems(rita)).items.map((i) => i.key)).toContain(`role:${grant.id}`);
    expect((await actionItems(admin)).comingUp.map((i) => i.key)).toContain(`role:${grant.id}`);

    // Not the person, not an admin, not a token; a wrong password is refused and audited.
    await expect(decide(await actorOf(created.id), grant.id, 'confirm')).rejects.toThrow(/Only someone who holds the role/);
    await expect(decide(otherAdmin, grant.id, 'confirm')).rejects.toThrow(/Only someone who holds the role/);
    await expect(decideRoleGrant({ ...rita, type: 'token', tokenId: 't' } as unknown as Actor, { grantId: grant.id, decision: 'confirm', password: PASSWORD })).rejects.toThrow(/API tokens never confirm/);
    await expect(decide(rita, grant.id, 'confirm', 'wrong password')).rejects.toThrow(/nothing was confirmed/);
    expect((await getDb().select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.entityId, created.id))).map((e) => e.action)).toEqual(['user.created', 'user.role_confirm_failed']);

    await decide(rita, grant.id, 'confirm');
    expect((await getUserRecord(created.id)).roles).toEqual(['data_scientist', 'risk_officer']);
    expect((await grantOf(created.id, 'risk_officer'))).toMatchObject({ status: 'confirmed', decidedById: rita.userId });
    await expect(decide(rita, grant.id, 'confirm')).rejects.toThrow(/already confirmed/);
  });

  it('added to an existing account waits too; a refusal or a withdrawal leaves the account as it was', async () => {
    const person = await newPerson(['auditor'], 'auditor');
    expect(await updateUser(admin, person.id, { roles: ['auditor', 'risk_officer', 'security_reviewer'] })).toMatchObject({ roles: ['auditor', 'security_reviewer'], pendingRoles: ['risk_officer'] });
    // Nobody held security reviewer: granted at once. Asking again for the pending role opens no second grant.
    expect(await updateUser(admin, person.id, { roles: ['auditor', 'risk_officer', 'security_reviewer'] })).toMatchObject({ pendingRoles: ['risk_officer'] });
    expect(await getDb().select().from(roleGrants).where(eq(roleGrants.userId, person.id))).toHaveLength(1);
    const grant = (await grantOf(person.id, 'risk_officer'))!;
    await decide(rita, grant.id, 'refuse');
    expect((await getUserRecord(person.id)).roles).toEqual(['auditor', 'security_reviewer']);

    await updateUser(admin, person.id, { roles: ['auditor', 'risk_officer', 'security_reviewer'] });
    const again = (await getDb().select().from(roleGrants).where(and(eq(roleGrants.userId, person.id), eq(roleGrants.status, 'pending'))))[0]!;
    await withdrawRoleGrant(admin, again.id);
    expect((await getUserRecord(person.id)).roles).toEqual(['auditor', 'security_reviewer']);
    await expect(withdrawRoleGrant(admin, again.id)).rejects.toThrow(/already withdrawn/);
  });

  it('waits even when the admin disabled every other holder first', async () => {
    const holders = await getDb().selectDistinct({ userId: userRoles.userId }).from(userRoles).where(eq(userRoles.role, 'security_reviewer'));
    for (const { userId } of holders) await updateUser(admin, userId, { disabled: true });
    const person = await newPerson(['security_reviewer'], 'quiet-sr');
    expect(person).toMatchObject({ roles: [], pendingRoles: ['security_reviewer'] });
    for (const { userId } of holders) await updateUser(admin, userId, { disabled: false });
  });

  it('is confirmed once when two holders confirm it at the same moment', async () => {
    const second = await actorOf((await getDb().select({ userId: roleGrants.userId }).from(roleGrants).where(eq(roleGrants.status, 'confirmed')))[0]!.userId);
    const person = await newPerson(['data_scientist', 'risk_officer'], 'race');
    const grant = (await grantOf(person.id, 'risk_officer'))!;
    const outcomes = await Promise.allSettled([decide(rita, grant.id, 'confirm'), decide(second, grant.id, 'refuse')]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: expect.objectContaining({ message: expect.stringMatching(/meanwhile|already/) }) });
  });
});
