import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb } from '@/db';
import { aiSystems, auditEvents } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { Conflict, Forbidden, Invalid } from '@/lib/errors';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
import { confirmSystemTier } from './confirm-tier';
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
  [owner, rita, ravi] = await Promise.all([makeActor(['data_scientist']), makeActor(['risk_officer']), makeActor(['risk_officer'])]);
});

const stored = async (id: string) => first(await getDb().select().from(aiSystems).where(eq(aiSystems.id, id)).limit(1))!;
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
