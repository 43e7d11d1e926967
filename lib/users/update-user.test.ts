import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { first, getDb } from '@/db';
import { auditEvents } from '@/db/schema';
import { Forbidden } from '@/lib/errors';
import { makeActor } from '@/lib/testing';
import { getUserRecord } from './queries';
import { updateUser } from './update-user';

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
