import { count } from 'drizzle-orm';
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
    await expect(updateUser(alex, alex.userId, { roles: ['admin', 'risk_officer'] })).rejects.toThrow(/another administrator must/);
    expect((await getUserRecord(alex.userId)).roles).toEqual(['admin']);
    expect(await auditCount()).toBe(before);
    // Renaming oneself is no grant.
    expect((await updateUser(alex, alex.userId, { name: 'Alex M. Morgan' })).name).toBe('Alex M. Morgan');
    expect((await updateUser(sam, alex.userId, { roles: ['admin', 'risk_officer'] })).roles).toEqual(['admin', 'risk_officer']);
  });
});
