import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb } from '@/db';
import { aiSystems, auditEvents } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { Conflict, Invalid } from '@/lib/errors';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
import { confirmSystemTier } from './confirm-tier';
import { judgedOn, tierChangesSinceConfirmation } from './tier-changes';
import { awaitedSince } from './tier-confirmation';
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

    // A wording change keeps the confirmation; the purpose and personal data clear it; the owner sets the purpose back
    // and forth, which is no change.
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
});
