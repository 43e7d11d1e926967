import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { first, getDb, unguardedWriter } from '@/db';
import { auditEvents, userEmails } from '@/db/schema';
import { systemActor } from '@/lib/auth/actor';
import { Conflict, Forbidden } from '@/lib/errors';
import { confirmSystemTier } from '@/lib/inventory/confirm-tier';
import { getSystem } from '@/lib/inventory/queries';
import { tiersToConfirm } from '@/lib/inventory/tiers-to-confirm';
import { transferSystem } from '@/lib/inventory/transfer-system';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
import { createUser } from './create-user';
import { addressesOf } from './emails';
import { listAuditEvents } from '@/lib/audit/queries';
import { ZListAuditQuery } from '@/lib/audit/schemas';
import { parseInput } from '@/lib/http/to-domain-error';
import { getUserRecord } from './queries';
import { ZUpdateUserInput } from './schemas';
import { updateUser } from './update-user';

const PASSWORD = 'correct horse battery staple';

const auditCount = async () => first(await getDb().select({ n: count() }).from(auditEvents).limit(1))!.n;

describe('an administrator editing accounts', () => {
  it('cannot give themselves a role, so no admin signs on a role they granted themselves; another admin can', async () => {
    const [alex, sam] = [await makeActor(['admin'], 'alex'), await makeActor(['admin'], 'sam')];
    const before = await auditCount();
    await expect(updateUser(alex, alex.userId, { roles: ['admin', 'risk_officer'] })).rejects.toThrow(Forbidden);
    await expect(updateUser(alex, alex.userId, { roles: ['admin', 'auditor'] })).rejects.toThrow(/another administrator must/);
    expect((await getUserRecord(alex.userId)).roles).toEqual(['admin']);
    expect(await auditCount()).toBe(before);
    // Renaming oneself is no grant.
    expect((await updateUser(alex, alex.userId, { name: 'Alex M. Morgan' })).name).toBe('Alex M. Morgan');
    expect((await updateUser(sam, alex.userId, { roles: ['admin', 'auditor'] })).roles).toEqual(['admin', 'auditor']);
  });
});

describe('two administrators changing one account at once', () => {
  it('leave an audit trail where each change starts from the roles the one before left: none is silently undone', async () => {
    const [alex, sam] = [await makeActor(['admin'], 'alex2'), await makeActor(['admin'], 'sam2')];
    const person = await makeActor(['auditor'], 'person');
    await Promise.all([
      updateUser(alex, person.userId, { roles: ['auditor', 'data_scientist'] }),
      updateUser(sam, person.userId, { roles: ['data_scientist'] }),
    ]);
    const events = (await getDb().select({ before: auditEvents.before, after: auditEvents.after }).from(auditEvents).where(and(eq(auditEvents.entityId, person.userId), eq(auditEvents.action, 'user.updated'))).orderBy(auditEvents.seq))
      .map((e) => ({ before: JSON.parse(e.before!).roles as string[], after: JSON.parse(e.after!).roles as string[] }));
    expect(events).toHaveLength(2);
    expect(events[0]!.before).toEqual(['auditor']);
    // The second saw the first's roles: its "before" names the role it took away.
    expect(events[1]!.before).toEqual(events[0]!.after);
    expect((await getUserRecord(person.userId)).roles).toEqual(events[1]!.after);
  });
});

describe('a person’s sign-in address', () => {
  it('changes through the edit, audited; the former address stays theirs and is refused to anyone else', async () => {
    const [alex, dana, sam] = [await makeActor(['admin'], 'alex3'), await makeActor(['data_scientist'], 'dana3'), await makeActor(['data_scientist'], 'sam3')];
    const married = `dana.okafor-${dana.userId.slice(0, 6)}@test.example`;
    await makeSystem(dana, { name: 'Registered under her first address', riskTier: 'high' });
    const audits = await auditCount();
    expect(await updateUser(alex, dana.userId, ZUpdateUserInput.parse({ email: `  ${married.toUpperCase()} ` }))).toMatchObject({ email: married });
    expect(await auditCount()).toBe(audits + 1);
    const [event] = await getDb().select({ before: auditEvents.before, after: auditEvents.after }).from(auditEvents).where(and(eq(auditEvents.entityId, dana.userId), eq(auditEvents.action, 'user.updated')));
    expect([JSON.parse(event!.before!), JSON.parse(event!.after!)]).toEqual([{ email: dana.email }, { email: married }]);
    expect(await addressesOf(getDb(), [dana.userId])).toEqual(new Map([[dana.userId, new Set([dana.email, married])]]));
    await makeSystem({ ...dana, email: married }, { name: 'Registered under her new address', riskTier: 'high' });

    // Neither her old address nor her new one goes to someone else, by an edit or a new account; nothing is written.
    const before = await auditCount();
    await expect(updateUser(alex, sam.userId, { email: dana.email })).rejects.toMatchObject({ status: 409, message: `${dana.email} was an address of ${dana.name}: an address names one person for good in the audit trail, so choose another.`, issues: [{ path: 'email' }] });
    await expect(updateUser(alex, sam.userId, { email: married })).rejects.toMatchObject({ status: 409, message: `${married} is the address of ${dana.name}.` });
    await expect(createUser(alex, { email: dana.email, name: 'Another Dana', roles: ['auditor'], password: 'correct horse battery staple' })).rejects.toThrow(`${dana.email} was an address of ${dana.name}`);
    await expect(createUser(alex, { email: married, name: 'Another Dana', roles: ['auditor'], password: 'correct horse battery staple' })).rejects.toThrow(`${married} is the address of ${dana.name}.`);
    // An edit opened before her address changed does not put the old one back.
    await expect(updateUser(alex, dana.userId, { shownEmail: dana.email, email: dana.email, roles: ['data_scientist', 'auditor'] })).rejects.toThrow(Conflict);
    expect(await auditCount()).toBe(before);
    expect((await getUserRecord(sam.userId)).email).toBe(sam.email);
    // She may take her old address back; the rows of the addresses she held are never rewritten or removed.
    expect(await updateUser(alex, dana.userId, { shownEmail: married, email: dana.email })).toMatchObject({ email: dana.email });
    await expect(async () => await unguardedWriter().delete(userEmails).where(eq(userEmails.email, married))).rejects.toThrow();
    await expect(async () => await unguardedWriter().update(userEmails).set({ userId: sam.userId }).where(eq(userEmails.email, married))).rejects.toThrow();
    // The audit trail finds what she did under either address.
    const found = async (words: string) => (await listAuditEvents(alex, parseInput(ZListAuditQuery, { actor: words }))).items.map((e) => e.seq);
    expect(await found(married)).toHaveLength(2);
    expect(await found(dana.email)).toEqual(await found(married));
  });

  it('still names the classifier of a tier by the address they had, and still keeps them from confirming it', async () => {
    await ensureDefaultPolicies(systemActor('test'));
    const [alex, mia, rita] = [await makeActor(['admin'], 'alex4'), await makeActor(['data_scientist', 'risk_officer'], 'mia4'), await makeActor(['risk_officer'], 'rita4')];
    const system = await makeSystem(mia, { name: 'Branch chatbot', riskTier: 'limited', confirmTier: false });
    await transferSystem(mia, system.id, { ownerId: (await makeActor(['data_scientist'], 'dana4')).userId, fromOwnerId: mia.userId, reason: 'Dana’s team runs it.' });
    const renamed = `mia.new-${mia.userId.slice(0, 6)}@test.example`;
    await updateUser(alex, mia.userId, { email: renamed });
    const withNewAddress = { ...mia, email: renamed };
    await expect(confirmSystemTier(withNewAddress, system.id, { riskTier: 'limited', password: PASSWORD })).rejects.toThrow(/You classified this system/);
    expect((await tiersToConfirm(withNewAddress, 100)).toConfirm.map((s) => s.id)).not.toContain(system.id);
    expect((await getSystem(rita, system.id)).classifiedBy).toEqual({ name: mia.name, email: renamed });
    expect(await confirmSystemTier(rita, system.id, { riskTier: 'limited', password: PASSWORD })).toMatchObject({ tierConfirmedById: rita.userId });
  });
});
