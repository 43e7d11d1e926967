import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb, unguardedWriter } from '@/db';
import { aiSystems, auditEvents, notifications, promotionRequests, users } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { Conflict, Forbidden, Invalid } from '@/lib/errors';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { liveGate } from '@/lib/promotion/queries';
import { requestPromotion } from '@/lib/promotion/request-promotion';
import { safetensorsBytes, uploadBytes } from '@/lib/promotion/test-artifacts';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem, reauthenticatedNow } from '@/lib/testing';
import { peopleWhoMay } from '@/lib/users/people-who-may';
import { confirmSystemTier, recordTierConfirmation, whyNotTierConfirmer } from './confirm-tier';
import { createModel } from './create-model';
import { createModelVersion } from './create-model-version';
import { retireSystem } from './retire-system';
import { ZTransferSystemInput } from './schemas';
import { OWNER_PERMISSION } from './system-owner';
import { tiersToConfirm } from './tiers-to-confirm';
import { transferSystem } from './transfer-system';
import { updateSystem } from './update-system';

const PASSWORD = 'correct horse battery staple';

let dana: Actor;
let sam: Actor;
let rita: Actor;
let auditor: Actor;
let tom: Actor;
/** A data scientist who is also a risk officer: may own a system, and may confirm tiers of others. */
let mia: Actor;
beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [dana, sam, rita, auditor, tom, mia] = await Promise.all([makeActor(['data_scientist'], 'dana'), makeActor(['data_scientist'], 'sam'), makeActor(['risk_officer'], 'rita'), makeActor(['auditor'], 'aude'), makeActor(['data_scientist'], 'tom'), makeActor(['data_scientist', 'risk_officer'], 'mia')]);
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

  it('offers every active data scientist once, in name order whatever the case, on either database', async () => {
    const both = await makeActor(['data_scientist', 'risk_officer'], 'anna');
    await unguardedWriter().update(users).set({ name: 'anna lowercase' }).where(eq(users.id, both.userId));
    const offered = await peopleWhoMay(OWNER_PERMISSION);
    expect(offered.filter((p) => p.id === both.userId)).toHaveLength(1);
    expect(offered.map((p) => p.id)).toEqual(expect.arrayContaining([dana.userId, sam.userId, tom.userId, mia.userId]));
    expect(offered.map((p) => p.id)).not.toContain(rita.userId);
    expect(offered.map((p) => p.id)).not.toContain(auditor.userId);
    const names = offered.map((p) => p.name.toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  it('refuses someone else’s data scientist, an API token, an owner who may not own systems, the same owner, a stale page and a retired system, writing nothing', async () => {
    const system = await makeSystem(dana, { name: 'Claims triage' });
    const disabled = await makeActor(['data_scientist'], 'leaver');
    await unguardedWriter().update(users).set({ disabled: true }).where(eq(users.id, disabled.userId));
    const audits = await auditCount();
    await expect(give(sam, system.id, sam.userId, dana.userId)).rejects.toBeInstanceOf(Forbidden);
    await expect(give({ ...dana, type: 'token', tokenId: 't', scopes: ['register'] } as Actor, system.id, sam.userId, dana.userId)).rejects.toBeInstanceOf(Forbidden);
    await expect(give(dana, system.id, auditor.userId, dana.userId)).rejects.toThrow(new Invalid('The new owner must be an active data scientist: the owner registers the system’s models.', [{ path: 'ownerId', message: 'Choose an active data scientist.' }]));
    await expect(give(dana, system.id, rita.userId, dana.userId)).rejects.toBeInstanceOf(Invalid);
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

  it('gives one owner when two transfers race from the same page, and names the owner it took the system from', async () => {
    for (let round = 0; round < 5; round += 1) {
      const system = await makeSystem(dana, { name: `Raced forecasting ${round}` });
      const results = await Promise.allSettled([give(rita, system.id, sam.userId, dana.userId), give(dana, system.id, tom.userId, dana.userId)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const events = await getDb().select().from(auditEvents).where(and(eq(auditEvents.entityId, system.id), eq(auditEvents.action, 'system.transferred')));
      expect(events.map((e) => JSON.parse(e.before!).ownerId)).toEqual([dana.userId]);
    }
    // An edit by the owner racing a transfer lands before it or not at all.
    for (let round = 0; round < 5; round += 1) {
      const system = await makeSystem(dana, { name: `Raced edit ${round}` });
      await Promise.allSettled([give(rita, system.id, sam.userId, dana.userId), updateSystem(dana, system.id, { limitations: `Edited in round ${round}.` })]);
      const events = await getDb().select({ action: auditEvents.action, actorId: auditEvents.actorId }).from(auditEvents).where(eq(auditEvents.entityId, system.id)).orderBy(auditEvents.seq);
      const transferredAt = events.findIndex((e) => e.action === 'system.transferred');
      expect(events.slice(transferredAt + 1).filter((e) => e.actorId === dana.userId)).toEqual([]);
    }
    // A former owner's page is stale: Dana cannot move the system Rita gave Sam.
    const system = await makeSystem(dana, { name: 'Moved on' });
    await give(rita, system.id, sam.userId, dana.userId);
    await expect(give(dana, system.id, tom.userId, dana.userId)).rejects.toBeInstanceOf(Forbidden);
  });

  it('closes the system’s open promotion requests: each froze the owner in its snapshot, so the new owner asks again', async () => {
    const system = await makeSystem(dana, { riskTier: 'minimal', name: 'Requested triage' });
    const model = await createModel(dana, { systemId: system.id, name: 'requested' });
    const digest = (await uploadBytes(dana, safetensorsBytes('transfer-request'))).sha256;
    const version = await createModelVersion(dana, { modelId: model.id, version: '1.0.0', artifactSha256: digest, format: 'safetensors' });
    await recordEvaluation(dana, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind: 'performance', environment: 'staging', artifactSha256: digest, metrics: [{ name: 'auc', value: 0.9 }] }));
    const open = await requestPromotion(dana, { modelVersionId: version.id, targetStage: 'staging', justification: 'Evidence recorded for staging.' });
    await give(dana, system.id, sam.userId, dana.userId);
    expect(first(await getDb().select({ status: promotionRequests.status }).from(promotionRequests).where(eq(promotionRequests.id, open.id)).limit(1))!.status).toBe('superseded');
    const event = first(await getDb().select().from(auditEvents).where(and(eq(auditEvents.entityId, system.id), eq(auditEvents.action, 'system.transferred'))).limit(1))!;
    expect(JSON.parse(event.after!).supersededRequests).toEqual([open.id]);
  });

  it('withdraws a tier confirmation from the risk officer who now owns the system, even when the two race: production waits for another', async () => {
    const system = await makeSystem(dana, { name: 'Marketing offers', riskTier: 'minimal', confirmTier: false });
    await confirmSystemTier(mia, system.id, { riskTier: 'minimal', password: PASSWORD });
    const model = await createModel(dana, { systemId: system.id, name: 'offers' });
    const version = await createModelVersion(dana, { modelId: model.id, version: '1.0.0', artifactSha256: 'cd'.repeat(32) });
    const tier = async () => (await liveGate(dana, version.id, 'production')).gate.requirements.find((r) => r.id === 'tier-confirmed')!;
    expect((await tier()).met).toBe(true);
    // To another data scientist, the confirmation stands.
    expect(await give(dana, system.id, sam.userId, dana.userId)).toMatchObject({ tierConfirmedById: mia.userId });
    const moved = await give(sam, system.id, mia.userId, sam.userId, 'The model-risk team runs it now.');
    expect(moved).toMatchObject({ ownerId: mia.userId, tierConfirmedById: null, tierConfirmedAt: null });
    expect((await tier()).met).toBe(false);
    await expect(confirmSystemTier(mia, system.id, { riskTier: 'minimal', password: PASSWORD })).rejects.toBeInstanceOf(Forbidden);

    // Taken over while being confirmed, however the two interleave: never owned by its confirmer with the confirmation standing.
    for (let round = 0; round < 5; round += 1) {
      const raced = await makeSystem(dana, { name: `Raced offers ${round}`, riskTier: 'minimal', confirmTier: false });
      const proof = await reauthenticatedNow(mia);
      await Promise.allSettled([give(rita, raced.id, mia.userId, dana.userId), recordTierConfirmation(mia, raced.id, { riskTier: 'minimal' }, new Date(), proof)]);
      const after = first(await getDb().select().from(aiSystems).where(eq(aiSystems.id, raced.id)).limit(1))!;
      expect(after.ownerId === mia.userId && after.tierConfirmedById === mia.userId).toBe(false);
    }
  });

  it('refuses a tier confirmation by someone who owned the system since its tier was last assessed', async () => {
    const system = await makeSystem(dana, { name: 'Handed-over chatbot', riskTier: 'limited', confirmTier: false });
    await give(dana, system.id, mia.userId, dana.userId, 'Mia’s team runs the chatbot for a while.');
    await updateSystem(mia, system.id, { deploymentContext: 'Every branch, on the public website too.' });
    await give(mia, system.id, dana.userId, mia.userId, 'Back to Dana’s team.');
    await expect(confirmSystemTier(mia, system.id, { riskTier: 'limited', password: PASSWORD })).rejects.toThrow(new Forbidden('You owned this system since its tier was last assessed, or changed what it is judged on since it was last confirmed: a risk officer who did neither confirms it.'));
    // Nor does her inbox offer it, nor the system page (which asks the verb's rule); Rita's do.
    const read = first(await getDb().select().from(aiSystems).where(eq(aiSystems.id, system.id)).limit(1))!;
    expect(await whyNotTierConfirmer(getDb(), mia, read)).toMatch(/owned this system since its tier was last assessed, or changed what it is judged on/);
    expect(await whyNotTierConfirmer(getDb(), rita, read)).toBeNull();
    expect((await tiersToConfirm(mia, 500)).toConfirm.map((s) => s.id)).not.toContain(system.id);
    expect((await tiersToConfirm(rita, 500)).toConfirm.map((s) => s.id)).toContain(system.id);
    await confirmSystemTier(rita, system.id, { riskTier: 'limited', password: PASSWORD });
  });
});
