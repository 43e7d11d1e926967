import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb } from '@/db';
import { aiSystems, auditEvents, notifications } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { Conflict, Forbidden, Invalid } from '@/lib/errors';
import { actionItems } from '@/lib/inbox/action-items';
import { listNotifications } from '@/lib/inbox/notifications';
import { ZInboxQuery } from '@/lib/inbox/schemas';
import { liveGate } from '@/lib/promotion/queries';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem, reauthenticatedNow } from '@/lib/testing';
import { confirmSystemTier, recordTierConfirmation } from './confirm-tier';
import { createModel } from './create-model';
import { createModelVersion } from './create-model-version';
import { listSystems } from './queries';
import { retireSystem } from './retire-system';
import { ZConfirmTierInput, ZListSystemsQuery } from './schemas';
import { judgedOn, tierChangesSinceConfirmation } from './tier-changes';
import { awaitedSince } from './tier-confirmation';
import { transferSystem } from './transfer-system';
import { updateSystem } from './update-system';

const PASSWORD = 'correct horse battery staple';

let owner: Actor;
let rita: Actor;
let ravi: Actor;
beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [owner, rita, ravi] = await Promise.all([makeActor(['data_scientist']), makeActor(['risk_officer'], 'rita'), makeActor(['risk_officer'], 'ravi')]);
});

const auditCount = async () => first(await getDb().select({ n: count() }).from(auditEvents).limit(1))!.n;
const stored = async (id: string) => first(await getDb().select().from(aiSystems).where(eq(aiSystems.id, id)).limit(1))!;
const unconfirmed = (actor: Actor, tier: 'limited' | 'minimal' | 'high', name = 'Branch cash forecasting') => makeSystem(actor, { name, riskTier: tier, confirmTier: false });

async function versionOf(systemId: string) {
  const model = await createModel(owner, { systemId, name: `model-${systemId.slice(0, 6)}` });
  return await createModelVersion(owner, { modelId: model.id, version: '1.0.0', artifactSha256: 'ab'.repeat(32) });
}

describe('a limited or minimal tier is confirmed by a risk officer who neither owns the system nor classified it', () => {
  it('holds production back until a risk officer confirms it; the confirmation is audited and its owner told', async () => {
    const system = await unconfirmed(owner, 'minimal');
    const version = await versionOf(system.id);
    const before = (await liveGate(owner, version.id, 'production')).gate.requirements.find((r) => r.id === 'tier-confirmed');
    expect(before).toMatchObject({ met: false, label: 'The minimal tier confirmed by a risk officer', detail: expect.stringContaining('neither owns the system nor classified it') });
    expect((await liveGate(owner, version.id, 'staging')).gate.requirements.some((r) => r.id === 'tier-confirmed')).toBe(false);

    const audits = await auditCount();
    const confirmed = await confirmSystemTier(rita, system.id, { riskTier: 'minimal', password: PASSWORD }, new Date('2026-12-01T09:30:00Z'));
    expect(confirmed).toMatchObject({ tierConfirmedById: rita.userId, tierConfirmedAt: '2026-12-01T09:30:00.000Z' });
    expect(await stored(system.id)).toMatchObject({ tierConfirmedById: rita.userId, tierConfirmedAt: '2026-12-01T09:30:00.000Z' });
    expect(await auditCount()).toBe(audits + 1);
    const event = first(await getDb().select().from(auditEvents).where(and(eq(auditEvents.entityId, system.id), eq(auditEvents.action, 'system.tier_confirmed'))).limit(1))!;
    expect(event).toMatchObject({ actorId: rita.userId, entityType: 'ai_system' });
    // The signature's manifest: printed name, role and meaning, in the chained record.
    expect(JSON.parse(event.after!)).toMatchObject({ printedName: rita.name, role: 'risk_officer', meaning: `I confirm, as a risk officer who neither owns “Branch cash forecasting” nor classified it, that the minimal tier fits what it does as described` });
    const told = await getDb().select().from(notifications).where(and(eq(notifications.userId, owner.userId), eq(notifications.type, 'system.tier_confirmed')));
    expect(told.map((n) => n.title)).toEqual([`The minimal tier of Branch cash forecasting was confirmed by ${rita.name}`]);

    const after = (await liveGate(owner, version.id, 'production')).gate.requirements.find((r) => r.id === 'tier-confirmed');
    expect(after).toMatchObject({ met: true, detail: `Confirmed by ${rita.name} on 2026-12-01.` });
  });

  it('refuses the owner, a data scientist, an API token, a tier changed since it was read, a second confirmation and a retired system, writing nothing', async () => {
    const system = await unconfirmed(rita, 'limited', 'Branch chatbot');
    const audits = await auditCount();
    await expect(confirmSystemTier(rita, system.id, { riskTier: 'limited', password: PASSWORD })).rejects.toThrow(new Forbidden('You own this system: a risk officer who does not own it confirms its tier.'));
    await expect(confirmSystemTier(owner, system.id, { riskTier: 'limited', password: PASSWORD })).rejects.toBeInstanceOf(Forbidden);
    await expect(confirmSystemTier({ ...ravi, type: 'token', tokenId: 't', scopes: ['register', 'read'] } as Actor, system.id, { riskTier: 'limited', password: PASSWORD })).rejects.toBeInstanceOf(Forbidden);
    await expect(confirmSystemTier(ravi, system.id, { riskTier: 'minimal', password: PASSWORD })).rejects.toThrow(/The tier is now limited, not minimal/);
    expect(() => ZConfirmTierInput.parse({ riskTier: 'lowest', password: PASSWORD })).toThrow(/Choose one of/);
    expect(await auditCount()).toBe(audits);
    expect((await stored(system.id)).tierConfirmedAt).toBeNull();

    await confirmSystemTier(ravi, system.id, { riskTier: 'limited', password: PASSWORD });
    const late = await makeActor(['risk_officer'], 'late');
    const confirmedAudits = await auditCount();
    await expect(confirmSystemTier(late, system.id, { riskTier: 'limited', password: PASSWORD })).rejects.toThrow(new Conflict(`The limited tier was already confirmed by ${ravi.name} on ${new Date().toISOString().slice(0, 10)}.`));

    const retired = await unconfirmed(owner, 'minimal', 'Old triage');
    await retireSystem(owner, retired.id, { reason: 'Replaced.' });
    const retiredAudits = await auditCount();
    await expect(confirmSystemTier(rita, retired.id, { riskTier: 'minimal', password: PASSWORD })).rejects.toBeInstanceOf(Conflict);
    expect(await auditCount()).toBe(retiredAudits);
    expect(retiredAudits).toBe(confirmedAudits + 2);
  });

  it('waits again after a new classification or a change to what the tier was judged on, and refuses the risk officer who classified it', async () => {
    const system = await unconfirmed(owner, 'high', 'Claims triage');
    // Rita lowers the tier of a system she does not own: her classification waits for another risk officer.
    const lowered = await updateSystem(rita, system.id, { riskTier: 'minimal', riskOverrideReason: 'Internal routing only; no decision about people.' });
    expect(lowered).toMatchObject({ riskTier: 'minimal', tierConfirmedById: null, tierConfirmedAt: null });
    await expect(confirmSystemTier(rita, system.id, { riskTier: 'minimal', password: PASSWORD })).rejects.toThrow(new Forbidden('You classified this system: a risk officer who did not classify it confirms its tier.'));
    await confirmSystemTier(ravi, system.id, { riskTier: 'minimal', password: PASSWORD });
    const news = async () => (await listNotifications(owner, ZInboxQuery.parse({}))).items.filter((n) => n.entityId === system.id && n.type === 'system.tier_confirmed').map((n) => n.since);
    expect(await news()).toEqual([null]);
    // A wording change keeps it; a new purpose clears it, in the audited update itself.
    expect(await updateSystem(owner, system.id, { outOfScopeUses: 'Bodily injury claims.' })).toMatchObject({ tierConfirmedById: ravi.userId });
    const moved = await updateSystem(owner, system.id, { purpose: 'Decides which motor claims are paid without an adjuster.' });
    expect(moved).toMatchObject({ tierConfirmedById: null, tierConfirmedAt: null });
    const updated = await getDb().select({ before: auditEvents.before, after: auditEvents.after }).from(auditEvents).where(and(eq(auditEvents.entityId, system.id), eq(auditEvents.action, 'system.updated')));
    const last = updated.at(-1)!;
    expect([JSON.parse(last.before!), JSON.parse(last.after!)]).toMatchObject([{ tierConfirmedById: ravi.userId }, { tierConfirmedById: null, tierConfirmedAt: null }]);
    expect(await news()).toEqual(['withdrawn: the tier awaits a new confirmation']);
    // Confirmed again, then classified again by a risk officer who does not own it: it waits again.
    await confirmSystemTier(ravi, system.id, { riskTier: 'minimal', password: PASSWORD });
    const reclassified = await updateSystem(rita, system.id, { riskTier: 'limited' });
    expect(reclassified).toMatchObject({ riskTier: 'limited', tierConfirmedById: null, tierConfirmedAt: null });
    await confirmSystemTier(await makeActor(['risk_officer'], 'third'), system.id, { riskTier: 'limited', password: PASSWORD });
    expect(await news()).toEqual([null, 'confirmed again', 'confirmed again']);
    // A high or prohibited tier has nothing to confirm.
    const high = await unconfirmed(owner, 'high', 'Credit decisions');
    await expect(confirmSystemTier(ravi, high.id, { riskTier: 'high', password: PASSWORD })).rejects.toThrow(/only a limited or minimal tier/);
  });

  it('refuses the risk officer whose own edit changed what the tier was judged on, and keeps them out of its queue', async () => {
    const system = await unconfirmed(owner, 'minimal', 'Branch footfall forecast');
    // Ravi (not the owner, not the classifier) rewrites the purpose and context: the assessment is now his words.
    await updateSystem(ravi, system.id, { purpose: 'Forecasts footfall; staffing follows it.', deploymentContext: 'Internal only' });
    const asStored = await stored(system.id);
    await expect(confirmSystemTier(ravi, system.id, { riskTier: 'minimal', password: PASSWORD })).rejects.toThrow(/changed what it is judged on since it was last confirmed/);
    expect((await actionItems(ravi, new Date())).items.map((i) => i.key)).not.toContain(`tier:${system.id}`);
    // A later edit by someone else leaves his context standing: he still may not confirm; Rita may.
    await updateSystem(owner, system.id, { purpose: 'Forecasts footfall for each branch, hour by hour.' });
    expect((await stored(system.id)).tierAssessedAt).not.toBe(asStored.tierAssessedAt);
    await expect(confirmSystemTier(ravi, system.id, { riskTier: 'minimal', password: PASSWORD })).rejects.toThrow(Forbidden);
    await confirmSystemTier(rita, system.id, { riskTier: 'minimal', password: PASSWORD });
    // Once another confirmed it, his edit is judged: the next reassessment, by the owner, he may confirm.
    await updateSystem(owner, system.id, { deploymentContext: 'Every branch, and the call centre.' });
    expect((await confirmSystemTier(ravi, system.id, { riskTier: 'minimal', password: PASSWORD })).tierConfirmedById).toBe(ravi.userId);
  });

  it('never carries a confirmation over to a tier the confirmer did not see, however a classification and a confirmation interleave', async () => {
    for (let round = 0; round < 5; round += 1) {
      const system = await unconfirmed(owner, 'limited', `Interleaved ${round}`);
      const proof = await reauthenticatedNow(ravi);
      await Promise.allSettled([updateSystem(rita, system.id, { riskTier: 'minimal', riskOverrideReason: 'Internal use only.' }), recordTierConfirmation(ravi, system.id, { riskTier: 'limited' }, new Date(), proof)]);
      const now = await stored(system.id);
      const confirmedAs = await getDb().select({ after: auditEvents.after }).from(auditEvents).where(and(eq(auditEvents.entityId, system.id), eq(auditEvents.action, 'system.tier_confirmed')));
      if (now.tierConfirmedAt) expect(confirmedAs.map((e) => JSON.parse(e.after!).riskTier)).toEqual([now.riskTier]);
      expect(now.tierConfirmedAt === null || now.riskTier === 'limited').toBe(true);
    }
  });

  it('is confirmed exactly once when several risk officers confirm at the same moment', async () => {
    const system = await unconfirmed(owner, 'minimal', 'Raced triage');
    const officers = await Promise.all(Array.from({ length: 6 }, (_, i) => makeActor(['risk_officer'], `racer-${i}`)));
    const audits = await auditCount();
    const results = await Promise.allSettled(officers.map((o) => confirmSystemTier(o, system.id, { riskTier: 'minimal', password: PASSWORD })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof Conflict)).toBe(true);
    expect(await auditCount()).toBe(audits + 1);
  });

  it("asks no confirmation of the high tier's gate, the strictest", async () => {
    const system = await unconfirmed(owner, 'high', 'Credit scoring');
    const version = await versionOf(system.id);
    expect((await liveGate(owner, version.id, 'production')).gate.requirements.some((r) => r.id === 'tier-confirmed')).toBe(false);
  });
});

describe('tiers awaiting confirmation', () => {
  it("are in a risk officer's inbox when they may confirm them, coming up for their owner, and a filter of the systems list", async () => {
    const system = await unconfirmed(owner, 'limited', 'Inbox chatbot');
    const officer = await makeActor(['risk_officer'], 'inbox-officer');
    const now = new Date();
    const item = (await actionItems(officer, now)).items.find((i) => i.key === `tier:${system.id}`);
    expect(item).toMatchObject({ kind: 'tier', title: 'Confirm the limited tier of Inbox chatbot', href: `/systems/${system.id}#classification` });
    expect((await actionItems(owner, now)).comingUp.find((i) => i.key === `tier:${system.id}`)).toMatchObject({ title: 'The limited tier of Inbox chatbot' });
    const awaited = await listSystems(officer, ZListSystemsQuery.parse({ tierConfirmation: 'awaited', pageSize: 200 }));
    expect(awaited.items.map((s) => s.id)).toContain(system.id);
    expect(() => ZListSystemsQuery.parse({ tierConfirmation: 'yes' })).toThrow();

    await confirmSystemTier(officer, system.id, { riskTier: 'limited', password: PASSWORD });
    expect((await actionItems(officer, now)).items.some((i) => i.key === `tier:${system.id}`)).toBe(false);
    expect((await actionItems(owner, now)).comingUp.some((i) => i.key === `tier:${system.id}`)).toBe(false);
    expect((await listSystems(officer, ZListSystemsQuery.parse({ tierConfirmation: 'awaited', pageSize: 200 }))).items.map((s) => s.id)).not.toContain(system.id);
  });
});

const failures = async (id: string) => await getDb().select({ actorId: auditEvents.actorId }).from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, 'system.tier_confirm_failed')));

describe('confirming a tier as a signature', () => {
  it('refuses the owner before the password is checked: a 403, not a wrong password filed against them', async () => {
    const system = await makeSystem(rita, { name: 'Rita’s own triage', purpose: 'Sorts alerts.', riskTier: 'minimal', confirmTier: false });
    await expect(confirmSystemTier(rita, system.id, { riskTier: 'minimal', password: 'not hers' })).rejects.toThrow(Forbidden);
    expect(await failures(system.id)).toEqual([]);
    // The time it was assessed, written as the same instant otherwise, is the same assessment.
    const assessed = awaitedSince(await stored(system.id));
    const otherwise = new Date(assessed).toISOString().replace('Z', '+00:00');
    await confirmSystemTier(ravi, system.id, { riskTier: 'minimal', assessedAt: otherwise, password: PASSWORD });
    expect((await stored(system.id)).tierConfirmedById).toBe(ravi.userId);
  });

  it('asks for the password again: a wrong one confirms nothing and is audited under the system', async () => {
    const system = await makeSystem(owner, { name: 'Branch rota planner', purpose: 'Plans branch staff rotas.', riskTier: 'minimal', confirmTier: false });
    await expect(confirmSystemTier(rita, system.id, { riskTier: 'minimal', password: 'not hers' })).rejects.toThrow(Invalid);
    await expect(confirmSystemTier(rita, system.id, { riskTier: 'minimal', password: 'not hers' })).rejects.toThrow('The password is not correct; nothing was confirmed.');
    expect((await stored(system.id)).tierConfirmedAt).toBeNull();
    expect(await failures(system.id)).toEqual([{ actorId: rita.userId }, { actorId: rita.userId }]);
    await confirmSystemTier(rita, system.id, { riskTier: 'minimal', assessedAt: awaitedSince(await stored(system.id)), password: PASSWORD });
    expect((await stored(system.id)).tierConfirmedById).toBe(rita.userId);
  });

  it('refuses an assessment changed since the page was read, and says what changed since the last confirmation', async () => {
    const system = await makeSystem(owner, { name: 'Complaint router', purpose: 'Routes complaints to a team.', riskTier: 'limited', confirmTier: false });
    expect(await tierChangesSinceConfirmation(getDb(), await stored(system.id))).toBeNull();
    await confirmSystemTier(rita, system.id, { riskTier: 'limited', password: PASSWORD }, new Date('2026-11-02T09:00:00Z'));
    const read = awaitedSince(await stored(system.id));

    // A wording change keeps the confirmation; the purpose and personal data clear it; the owner sets the deployment
    // context and takes it back, which is no change.
    await updateSystem(owner, system.id, { outOfScopeUses: 'Fraud reports.' });
    await updateSystem(owner, system.id, { purpose: 'Routes complaints and drafts replies.' });
    await updateSystem(owner, system.id, { personalData: true, deploymentContext: 'Every branch.' });
    await updateSystem(owner, system.id, { deploymentContext: '' });
    const now = await stored(system.id);
    expect(now.tierConfirmedAt).toBeNull();
    await expect(confirmSystemTier(ravi, system.id, { riskTier: 'limited', assessedAt: read, password: PASSWORD })).rejects.toThrow(Conflict);

    expect(await tierChangesSinceConfirmation(getDb(), now)).toEqual({
      confirmedBy: rita.name,
      confirmedAt: expect.any(String),
      tier: 'limited',
      changes: [
        { label: 'Purpose', then: 'Routes complaints to a team.', now: 'Routes complaints and drafts replies.' },
        { label: 'Personal data', then: 'No', now: 'Yes' },
      ],
      withdrawnByTransferTo: null,
      unreadable: false,
    });
    expect(judgedOn(now)).toContainEqual({ label: 'Purpose', value: 'Routes complaints and drafts replies.' });

    // Classified again by a risk officer: the tier and the questionnaire's reason are among the changes.
    const lowered = await updateSystem(rita, system.id, { riskTier: 'minimal', riskOverrideReason: 'Replies are drafts a person sends.' });
    const changes = (await tierChangesSinceConfirmation(getDb(), lowered))!.changes;
    expect(changes.map((c) => c.label)).toEqual(['Risk tier', 'Questionnaire', 'Purpose', 'Personal data']);
    expect(changes[0]).toEqual({ label: 'Risk tier', then: 'limited', now: 'minimal' });
    expect(changes[1]!.now).toContain('Replies are drafts a person sends.');
    await confirmSystemTier(ravi, system.id, { riskTier: 'minimal', assessedAt: awaitedSince(lowered), password: PASSWORD });
    expect((await tierChangesSinceConfirmation(getDb(), await stored(system.id)))!.changes).toEqual([]);
  });

  it('compares a value the trail kept only as a digest by its digest, and shows its opening words', async () => {
    // 12 KB and 6 KB of Japanese: an edit that clears both has a `before` over the trail's 16 KB, so the larger one is
    // kept as a digest.
    const [context, purpose] = ['導入先は全支店の窓口端末。'.repeat(307), '苦情を担当チームに振り分ける。'.repeat(133)];
    const system = await makeSystem(owner, { name: 'Branch desk router', purpose, deploymentContext: context, riskTier: 'limited', confirmTier: false });
    await confirmSystemTier(rita, system.id, { riskTier: 'limited', password: PASSWORD });
    await updateSystem(owner, system.id, { deploymentContext: '', purpose: 'Routes complaints.' });
    const stubbed = first(await getDb().select({ before: auditEvents.before }).from(auditEvents).where(and(eq(auditEvents.entityId, system.id), eq(auditEvents.action, 'system.updated'))).limit(1))!;
    expect(JSON.parse(stubbed.before!).deploymentContext).toMatchObject({ truncated: true });
    const cleared = (await tierChangesSinceConfirmation(getDb(), await stored(system.id)))!.changes;
    expect(cleared.map((c) => c.label)).toEqual(['Purpose', 'Deployment context']);
    expect(cleared[1]!.then).toMatch(/^導入先は全支店の窓口端末。.*… \(cut: \d+ bytes in all\)$/);
    expect(cleared[1]!.now).toBe('—');
    // Put back as it was: no change, though the trail kept only its digest.
    await updateSystem(owner, system.id, { deploymentContext: context });
    expect((await tierChangesSinceConfirmation(getDb(), await stored(system.id)))!.changes.map((c) => c.label)).toEqual(['Purpose']);
  });

  it('says when a transfer to its confirmer withdrew the confirmation, nothing else having changed', async () => {
    const mia = await makeActor(['data_scientist', 'risk_officer'], 'mia');
    const system = await makeSystem(owner, { name: 'Teller rota', purpose: 'Plans teller rotas.', riskTier: 'minimal', confirmTier: false });
    await confirmSystemTier(mia, system.id, { riskTier: 'minimal', password: PASSWORD });
    await transferSystem(owner, system.id, { ownerId: mia.userId, fromOwnerId: owner.userId, reason: 'Mia’s team runs it now.' });
    expect(await tierChangesSinceConfirmation(getDb(), await stored(system.id))).toMatchObject({ confirmedBy: mia.name, changes: [], withdrawnByTransferTo: mia.name, unreadable: false });
  });
});
