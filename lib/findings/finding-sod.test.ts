import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb, unguardedWriter } from '@/db';
import { auditEvents, findings } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { Conflict, Forbidden, Invalid } from '@/lib/errors';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
import { closeFinding } from './close-finding';
import { getFinding } from './finding-detail';
import { patchFinding } from './patch-finding';
import { raiseFinding } from './raise-finding-by-hand';
import { updateFinding } from './update-finding';
import { waiveFinding } from './waive-finding';

const PASSWORD = 'correct horse battery staple';
const NOW = new Date('2026-06-01T10:00:00Z');
let ds: Actor;
let rita: Actor;
let rob: Actor;
let auditor: Actor;
let systemId: string;

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [ds, rita, rob, auditor] = await Promise.all([makeActor(['data_scientist']), makeActor(['risk_officer']), makeActor(['risk_officer']), makeActor(['auditor'])]);
  systemId = (await makeSystem(ds, { riskTier: 'limited' })).id;
});

const raise = async (actor: Actor, extra: Record<string, unknown> = {}) =>
  await raiseFinding(actor, { type: 'validation_issue', severity: 'critical', title: 'Unsafe loader in serving image', description: 'Pickle loaded at start-up.', subjectType: 'system', subjectId: systemId, ...extra } as Parameters<typeof raiseFinding>[1], NOW);
const statusOf = async (id: string) => first(await getDb().select({ status: findings.status, severity: findings.severity }).from(findings).where(eq(findings.id, id)).limit(1))!;
const auditOf = async (id: string, action: string) => await getDb().select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, action)));
const validated = async (id: string, owner: Actor = ds) => {
  await updateFinding(owner, id, { status: 'in_remediation', remediationPlan: 'Replace the loader with safetensors.' });
  await updateFinding(owner, id, { status: 'ready_for_validation' });
};
const waiverTerms = { justification: 'Isolated network.', compensatingControls: 'Egress blocked.', expiresOn: '2026-08-01', password: PASSWORD };

describe('separation of duties over a finding’s whole history', () => {
  it('refuses closing, invalidating and accepting to anyone who ever owned it, even after reassigning it away', async () => {
    const finding = await raise(rita, { ownerId: rita.userId });
    await expect(closeFinding(rita, finding.id, { outcome: 'invalid', closureEvidence: 'Not a problem.', password: PASSWORD }, NOW)).rejects.toThrow(Forbidden);
    await updateFinding(rita, finding.id, { ownerId: ds.userId });
    await validated(finding.id);
    await expect(closeFinding(rita, finding.id, { outcome: 'closed', closureEvidence: 'Fixed.', password: PASSWORD }, NOW)).rejects.toThrow(/never owned it/);
    await expect(closeFinding(rita, finding.id, { outcome: 'invalid', closureEvidence: 'Not a problem.', password: PASSWORD }, NOW)).rejects.toThrow(Forbidden);
    await expect(waiveFinding(rita, finding.id, waiverTerms, NOW)).rejects.toThrow(Forbidden);
    expect((await statusOf(finding.id)).status).toBe('ready_for_validation');
    const page = await getFinding(rita, finding.id, NOW);
    expect(page).toMatchObject({ everOwned: true, signatureToClose: true, may: { close: false, waive: false, closeAsFixed: true } });
    expect(page.timeline[0]).toMatchObject({ action: 'finding.raised', actorName: rita.name, actorLabel: rita.email });
    expect((await getFinding(rob, finding.id, NOW)).may).toMatchObject({ close: true, waive: true });
    expect((await closeFinding(rob, finding.id, { outcome: 'closed', closureEvidence: 'Loader replaced by safetensors.', password: PASSWORD }, NOW)).closedById).toBe(rob.userId);
  });

  it('counts an owner changed in the same request as a status, which is audited as the status change', async () => {
    const finding = await raise(rob, { ownerId: ds.userId });
    // Rita takes it, works it, hands it back and then tries to close, waive or lower it as if she never owned it.
    await updateFinding(rita, finding.id, { ownerId: rita.userId, status: 'in_remediation', remediationPlan: 'I will fix it myself.' });
    await updateFinding(rita, finding.id, { ownerId: ds.userId, status: 'ready_for_validation' });
    expect(await auditOf(finding.id, 'finding.status_changed')).toHaveLength(2);
    await expect(closeFinding(rita, finding.id, { outcome: 'closed', closureEvidence: 'Validated.', password: PASSWORD }, NOW)).rejects.toThrow(/never owned it/);
    await expect(waiveFinding(rita, finding.id, waiverTerms, NOW)).rejects.toThrow(/never owned it/);
    await expect(patchFinding(rita, finding.id, { severity: 'low', severityReason: 'Mitigated.', password: PASSWORD })).rejects.toThrow(/never owned it/);
    expect(await statusOf(finding.id)).toEqual({ status: 'ready_for_validation', severity: 'critical' });
    expect((await getFinding(rita, finding.id, NOW)).everOwned).toBe(true);
  });

  it('counts a severity raised in the same request as a status: lowered again, it is still closed by signature', async () => {
    const finding = await raise(rob, { severity: 'medium', ownerId: ds.userId });
    await updateFinding(rob, finding.id, { severity: 'critical', status: 'in_remediation', remediationPlan: 'Replace the loader.' });
    await updateFinding(rob, finding.id, { severity: 'low', severityReason: 'Compensated.', password: PASSWORD });
    await updateFinding(ds, finding.id, { status: 'ready_for_validation' });
    // Rob started its remediation, so another closes it, and that closure is signed.
    for (const outcome of ['closed', 'invalid'] as const) await expect(closeFinding(rob, finding.id, { outcome, closureEvidence: 'Fixed.' }, NOW)).rejects.toThrow(/You worked its remediation/);
    await expect(closeFinding(rita, finding.id, { outcome: 'invalid', closureEvidence: 'Never real.' }, NOW)).rejects.toThrow(/password/);
  });
});

describe('lowering a high or critical finding', () => {
  it('needs a risk officer who never owned it, a reason and the password (a wrong one audited), never a token', async () => {
    const finding = await raise(rob, { ownerId: rita.userId });
    await updateFinding(rob, finding.id, { ownerId: ds.userId });
    await expect(patchFinding(rob, finding.id, { severity: 'low' })).rejects.toThrow(Invalid);
    await expect(patchFinding(rob, finding.id, { severity: 'low', password: PASSWORD })).rejects.toThrow(/reason/);
    await expect(patchFinding({ ...rob, type: 'token', tokenId: 't', scopes: ['read', 'findings:write'] }, finding.id, { severity: 'low', severityReason: 'Mitigated.', password: PASSWORD })).rejects.toThrow(Forbidden);
    await expect(patchFinding(rita, finding.id, { severity: 'low', severityReason: 'Mitigated.', password: PASSWORD })).rejects.toThrow(/never owned it/);
    await expect(patchFinding(rob, finding.id, { severity: 'low', severityReason: 'Mitigated.', password: 'wrong' })).rejects.toThrow(Invalid);
    expect(await auditOf(finding.id, 'finding.downgrade_failed')).toMatchObject([{ actorId: rob.userId }]);
    expect((await statusOf(finding.id)).severity).toBe('critical');
    await patchFinding(rob, finding.id, { severity: 'low', severityReason: 'Only reachable from the build network.', password: PASSWORD });
    expect((await statusOf(finding.id)).severity).toBe('low');
    expect(JSON.parse((await auditOf(finding.id, 'finding.updated')).at(-1)!.after!)).toMatchObject({ severity: 'low', severityReason: 'Only reachable from the build network.' });
  });

  it('never lowers what closing needs: a finding that was ever high is closed by signature', async () => {
    const finding = await raise(rob, { severity: 'high' });
    await updateFinding(rob, finding.id, { severity: 'low', severityReason: 'Compensated.', password: PASSWORD });
    await validated(finding.id);
    await expect(closeFinding(rob, finding.id, { outcome: 'closed', closureEvidence: 'Fixed.' }, NOW)).rejects.toThrow(/password/);
    await expect(closeFinding(rob, finding.id, { outcome: 'invalid', closureEvidence: 'Never real.' }, NOW)).rejects.toThrow(/password/);
    const closed = await closeFinding(rob, finding.id, { outcome: 'closed', closureEvidence: 'Fixed.', password: PASSWORD }, NOW);
    expect(closed).toMatchObject({ severity: 'low', closureRole: 'risk_officer', closureMeaning: expect.stringMatching(/^I attest/) });
  });

  it('lets a medium finding be lowered, and any finding be raised, on a risk officer’s word', async () => {
    const finding = await raise(rob, { severity: 'medium' });
    expect((await updateFinding(rob, finding.id, { severity: 'low' })).severity).toBe('low');
    expect((await updateFinding(rob, finding.id, { severity: 'critical' })).severity).toBe('critical');
  });
});

describe('the outcome of a closure', () => {
  it('closes as fixed only a finding ready for validation; invalid from any active status', async () => {
    const finding = await raise(rob, { severity: 'medium' });
    await expect(closeFinding(rita, finding.id, { outcome: 'closed', closureEvidence: 'Fixed.' }, NOW)).rejects.toThrow(Conflict);
    await updateFinding(ds, finding.id, { status: 'in_remediation' });
    await expect(closeFinding(rita, finding.id, { outcome: 'closed', closureEvidence: 'Fixed.' }, NOW)).rejects.toThrow(/ready for validation/);
    expect((await statusOf(finding.id)).status).toBe('in_remediation');
    expect((await closeFinding(rita, finding.id, { outcome: 'invalid', closureEvidence: 'A duplicate.' }, NOW)).status).toBe('invalid');
    expect((await closeFinding(rita, (await raise(rob, { severity: 'low' })).id, { outcome: 'invalid', closureEvidence: 'A duplicate.' }, NOW)).status).toBe('invalid');
  });
});

describe('audit findings', () => {
  it('are raised by auditors only', async () => {
    await expect(async () => await raise(ds, { type: 'audit_finding' })).rejects.toThrow(/Only an auditor/);
    await expect(async () => await raise(rob, { type: 'audit_finding' })).rejects.toThrow(Forbidden);
    expect((await raise(auditor, { type: 'audit_finding', severity: 'medium' })).type).toBe('audit_finding');
  });
});

describe('what a finding says', () => {
  it('is not rewritten by an owner who did not raise it; the owner writes the plan, and a risk officer corrects the words', async () => {
    const finding = await raise(rita, { ownerId: ds.userId });
    await expect(updateFinding(ds, finding.id, { title: 'Loader reviewed', description: 'Nothing to see.' })).rejects.toThrow(Forbidden);
    expect((await getFinding(ds, finding.id)).may.wordsFixed).toMatch(/the person who raised it found/);
    expect((await updateFinding(ds, finding.id, { remediationPlan: 'Swap the loader for safetensors.' })).remediationPlan).toBe('Swap the loader for safetensors.');
    expect((await updateFinding(rob, finding.id, { title: 'Unsafe pickle loader in the serving image' })).title).toBe('Unsafe pickle loader in the serving image');
    expect((await getFinding(rob, finding.id)).may.wordsFixed).toBeNull();
  });

  it('is the raiser’s to correct when they raised it by hand, and never the owner’s when a check raised it', async () => {
    const own = await raise(ds, { ownerId: ds.userId, severity: 'medium' });
    expect((await updateFinding(ds, own.id, { description: 'Pickle loaded at start-up, in two images.' })).description).toBe('Pickle loaded at start-up, in two images.');
    await unguardedWriter().update(findings).set({ source: 'integrity' }).where(eq(findings.id, own.id));
    await expect(updateFinding(ds, own.id, { description: 'Fine now.' })).rejects.toThrow(/the integrity check found/);
  });
});
