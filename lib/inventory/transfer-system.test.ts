import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb, unguardedWriter } from '@/db';
import { aiSystems, auditEvents, notifications, users } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { Conflict, Forbidden, Invalid } from '@/lib/errors';
import { liveGate } from '@/lib/promotion/queries';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
import { confirmSystemTier } from './confirm-tier';
import { createModel } from './create-model';
import { createModelVersion } from './create-model-version';
import { retireSystem } from './retire-system';
import { ZTransferSystemInput } from './schemas';
import { transferSystem } from './transfer-system';
import { updateSystem } from './update-system';

let dana: Actor;
let sam: Actor;
let rita: Actor;
let auditor: Actor;
beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [dana, sam, rita, auditor] = await Promise.all([makeActor(['data_scientist'], 'dana'), makeActor(['data_scientist'], 'sam'), makeActor(['risk_officer'], 'rita'), makeActor(['auditor'], 'aude')]);
});

const auditCount = async () => first(await getDb().select({ n: count() }).from(auditEvents).limit(1))!.n;
const told = async (userId: string, systemId: string) => (await getDb().select({ title: notifications.title }).from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.entityId, systemId), eq(notifications.type, 'system.transferred')))).map((n) => n.title);
const give = (actor: Actor, systemId: string, ownerId: string, fromOwnerId: string, reason = 'Dana moves to the payments team.') => transferSystem(actor, systemId, { ownerId, fromOwnerId, reason });

describe('a system changes owner', () => {
  it('by its owner, to an active data scientist: audited with the reason, both told, and the rights move with it', async () => {
    const system = await makeSystem(dana, { name: 'Branch cash forecasting' });
    const audits = await auditCount();
    const moved = await give(dana, system.id, sam.userId, dana.userId);
    expect(moved.ownerId).toBe(sam.userId);
    expect(await auditCount()).toBe(audits + 1);
    const event = first(await getDb().select().from(auditEvents).where(and(eq(auditEvents.entityId, system.id), eq(auditEvents.action, 'system.transferred'))).limit(1))!;
    expect([JSON.parse(event.before!), JSON.parse(event.after!)]).toEqual([{ ownerId: dana.userId }, { ownerId: sam.userId, reason: 'Dana moves to the payments team.' }]);
    expect(await told(sam.userId, system.id)).toEqual([`Branch cash forecasting is now owned by ${sam.name} (was ${dana.name}), given by ${dana.name}`]);
    expect(await told(dana.userId, system.id)).toEqual([]);
    await expect(updateSystem(dana, system.id, { purpose: 'Still mine?' })).rejects.toBeInstanceOf(Forbidden);
    expect((await updateSystem(sam, system.id, { limitations: 'Weekly batch only.' })).limitations).toBe('Weekly batch only.');
    // A risk officer may give anyone's system; the previous owner is told then.
    await give(rita, system.id, dana.userId, sam.userId, 'Back to Dana.');
    expect(await told(sam.userId, system.id)).toHaveLength(2);
  });

  it('refuses someone else’s data scientist, an API token, an owner who may not own systems, the same owner, a stale page and a retired system, writing nothing', async () => {
    const system = await makeSystem(dana, { name: 'Claims triage' });
    const disabled = await makeActor(['data_scientist'], 'leaver');
    await unguardedWriter().update(users).set({ disabled: true }).where(eq(users.id, disabled.userId));
    const audits = await auditCount();
    await expect(give(sam, system.id, sam.userId, dana.userId)).rejects.toBeInstanceOf(Forbidden);
    await expect(give({ ...dana, type: 'token', tokenId: 't', scopes: ['register'] } as Actor, system.id, sam.userId, dana.userId)).rejects.toBeInstanceOf(Forbidden);
    await expect(give(dana, system.id, auditor.userId, dana.userId)).rejects.toThrow(new Invalid('The new owner must be an active data scientist or risk officer.', [{ path: 'ownerId', message: 'Choose an active data scientist or risk officer.' }]));
    await expect(give(dana, system.id, disabled.userId, dana.userId)).rejects.toBeInstanceOf(Invalid);
    await expect(give(dana, system.id, 'no-such-user', dana.userId)).rejects.toBeInstanceOf(Invalid);
    await expect(give(dana, system.id, dana.userId, dana.userId)).rejects.toBeInstanceOf(Invalid);
    await expect(give(rita, system.id, sam.userId, rita.userId)).rejects.toThrow(new Conflict('The system changed owner since you opened the page. Reload it.'));
    expect(() => ZTransferSystemInput.parse({ ownerId: sam.userId, fromOwnerId: dana.userId, reason: '' })).toThrow();
    expect(await auditCount()).toBe(audits);
    expect(first(await getDb().select({ ownerId: aiSystems.ownerId }).from(aiSystems).where(eq(aiSystems.id, system.id)).limit(1))!.ownerId).toBe(dana.userId);

    await retireSystem(dana, system.id, { reason: 'Replaced.' });
    await expect(give(dana, system.id, sam.userId, dana.userId)).rejects.toThrow(new Conflict('A retired system keeps its owner.'));
  });

  it('gives one owner when two transfers race from the same page', async () => {
    const system = await makeSystem(dana, { name: 'Raced forecasting' });
    const results = await Promise.allSettled([give(dana, system.id, sam.userId, dana.userId), give(rita, system.id, rita.userId, dana.userId)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await getDb().select().from(auditEvents).where(and(eq(auditEvents.entityId, system.id), eq(auditEvents.action, 'system.transferred')))).length).toBe(1);
  });

  it('withdraws a tier confirmation from the risk officer who now owns the system: production waits for another', async () => {
    const system = await makeSystem(dana, { name: 'Marketing offers', riskTier: 'minimal', confirmTier: false });
    await confirmSystemTier(rita, system.id, { riskTier: 'minimal' });
    const model = await createModel(dana, { systemId: system.id, name: 'offers' });
    const version = await createModelVersion(dana, { modelId: model.id, version: '1.0.0', artifactSha256: 'cd'.repeat(32) });
    const tier = async () => (await liveGate(dana, version.id, 'production')).gate.requirements.find((r) => r.id === 'tier-confirmed')!;
    expect((await tier()).met).toBe(true);
    // To another data scientist, the confirmation stands.
    expect(await give(dana, system.id, sam.userId, dana.userId)).toMatchObject({ tierConfirmedById: rita.userId });
    const moved = await give(sam, system.id, rita.userId, sam.userId, 'The model-risk team runs it now.');
    expect(moved).toMatchObject({ ownerId: rita.userId, tierConfirmedById: null, tierConfirmedAt: null });
    expect((await tier()).met).toBe(false);
    await expect(confirmSystemTier(rita, system.id, { riskTier: 'minimal' })).rejects.toBeInstanceOf(Forbidden);
  });
});
