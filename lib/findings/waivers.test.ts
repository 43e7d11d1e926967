import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb, unguardedWriter } from '@/db';
import { auditEvents, findings, findingWaivers, notifications, reviewTriggers } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { Conflict, Forbidden, Invalid } from '@/lib/errors';
import { parseInput } from '@/lib/http/to-domain-error';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
import { recordIncident } from '@/lib/incidents/record-incident';
import { ZRecordIncidentInput } from '@/lib/incidents/schemas';
import { closeFinding } from './close-finding';
import { expireWaivers } from './expire-waivers';
import { getFinding } from './finding-detail';
import { patchFinding } from './patch-finding';
import { activeFindingsFor } from './queries';
import { raiseFinding } from './raise-finding-by-hand';
import { ZWaiveFindingInput } from './schemas';
import { waiveFinding } from './waive-finding';
import { decideWaiverProposal } from './waiver-proposals';

const PASSWORD = 'correct horse battery staple';
const NOW = new Date('2026-06-01T10:00:00Z');
let ds: Actor;
let ro: Actor;
let ro2: Actor;
let systemId: string;

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [ds, ro, ro2] = await Promise.all([makeActor(['data_scientist']), makeActor(['risk_officer']), makeActor(['risk_officer'])]);
  systemId = (await makeSystem(ds, { riskTier: 'high' })).id;
});

const raise = async (ownerId = ds.userId) =>
  await raiseFinding(ro, { type: 'limitation', severity: 'high', title: 'No fairness evidence for over-65s', description: 'Too few samples.', subjectType: 'system', subjectId: systemId, ownerId }, NOW);
const terms = (extra: Record<string, unknown> = {}) => ({ justification: 'Segment is 0.4 % of volume.', compensatingControls: 'Manual review of every over-65 decline.', expiresOn: '2026-09-01', password: PASSWORD, ...extra });
const waive = (actor: Actor, id: string, extra: Record<string, unknown> = {}) => waiveFinding(actor, id, parseInput(ZWaiveFindingInput, terms(extra)), NOW);
const statusOf = async (id: string) => first(await getDb().select({ status: findings.status }).from(findings).where(eq(findings.id, id)).limit(1))!.status;
const auditOf = async (id: string, action: string) => await getDb().select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, action)));

describe('accepting a risk', () => {
  it('is a signed exception with immutable terms, by a risk officer who does not own the finding', async () => {
    const finding = await raise();
    const waiver = (await waive(ro, finding.id)).waiver!;
    expect(await statusOf(finding.id)).toBe('accepted');
    expect(waiver).toMatchObject({ signerId: ro.userId, role: 'risk_officer', expiresAt: '2026-09-01T00:00:00.000Z', meaning: expect.stringMatching(/^I accept the risk of F-\d+ .* until 2026-09-01/) });
    await expect(async () => await unguardedWriter().update(findingWaivers).set({ expiresAt: '2030-01-01T00:00:00.000Z' }).where(eq(findingWaivers.id, waiver.id))).rejects.toThrow();
    expect(await auditOf(finding.id, 'finding.waived')).toHaveLength(1);
  });

  it('is refused to the owner, to a data scientist and to a token', async () => {
    const finding = await raise(ro2.userId);
    await expect(waive(ro2, finding.id)).rejects.toThrow(/never owned it/);
    await expect(waive(ds, finding.id)).rejects.toThrow(Forbidden);
    await expect(patchFinding({ ...ro, type: 'token', tokenId: 't', scopes: ['findings:write'] }, finding.id, { status: 'accepted', ...terms() })).rejects.toThrow(Forbidden);
    expect(await statusOf(finding.id)).toBe('open');
  });

  it('is refused for a serious incident’s finding, which is remediated (Art. 73(6)), and changes nothing', async () => {
    const incident = await recordIncident(ds, ZRecordIncidentInput.parse({ title: 'Denied eligible applicants', description: 'The scorer denied eligible applicants.', systemIds: [systemId], severity: 'high', serious: true, category: 'general', awareAt: '2026-05-30T10:00:00Z', affectedPeople: '212 applicants' }), NOW);
    const finding = first(await getDb().select().from(findings).where(eq(findings.dedupeKey, `incident:${incident.id}:${systemId}`)).limit(1))!;
    const before = (await auditOf(finding.id, 'finding.waived')).length;
    await expect(waive(ro, finding.id)).rejects.toThrow(new Conflict(`This finding was raised by serious incident INC-${incident.number}: Art. 73(6) of the EU AI Act asks for investigation and corrective action, so its risk is not accepted and it is not closed as invalid. Close it as fixed once the corrective action is in place.`));
    await expect(patchFinding(ro, finding.id, { status: 'accepted', ...terms() })).rejects.toThrow(Conflict);
    expect(await statusOf(finding.id)).toBe('open');
    expect(await getDb().select().from(findingWaivers).where(eq(findingWaivers.findingId, finding.id))).toEqual([]);
    expect(await auditOf(finding.id, 'finding.waived')).toHaveLength(before);
    // The page offers no acceptance, says why and links the incident; a finding of the same type raised by hand is accepted as any other.
    const detail = await getFinding(ro, finding.id, NOW);
    expect(detail.may.waive).toBe(false);
    expect(detail.incident).toMatchObject({ id: incident.id, ref: `INC-${incident.number}` });
    const byHand = await raiseFinding(ro2, { type: 'incident', severity: 'high', title: 'A complaint about a denial', description: 'One applicant complained.', subjectType: 'system', subjectId: systemId, ownerId: ds.userId }, NOW);
    expect((await getFinding(ro, byHand.id, NOW)).incident).toBeNull();
    await waive(ro, byHand.id);
    expect(await statusOf(byHand.id)).toBe('accepted');
  });

  it('is never closed as invalid either: the incident happened; it closes as fixed once remediated', async () => {
    const incident = await recordIncident(ds, ZRecordIncidentInput.parse({ title: 'Declined valid payments', description: 'The scorer declined valid payments.', systemIds: [systemId], severity: 'high', serious: true, category: 'general', awareAt: '2026-05-30T10:00:00Z', affectedPeople: '80 cardholders' }), NOW);
    const finding = first(await getDb().select().from(findings).where(eq(findings.dedupeKey, `incident:${incident.id}:${systemId}`)).limit(1))!;
    await expect(closeFinding(ro, finding.id, { outcome: 'invalid', closureEvidence: 'Nothing to see.', password: PASSWORD })).rejects.toThrow(new Conflict(`This finding was raised by serious incident INC-${incident.number}: Art. 73(6) of the EU AI Act asks for investigation and corrective action, so its risk is not accepted and it is not closed as invalid. Close it as fixed once the corrective action is in place.`));
    expect(await statusOf(finding.id)).toBe('open');
    expect(await auditOf(finding.id, 'finding.closed')).toHaveLength(0);
    // The page offers no closing until the owner says it is remediated, then only as fixed.
    expect((await getFinding(ro, finding.id, NOW)).may).toMatchObject({ close: false, closeAsInvalid: false });
    const owner = finding.ownerId === ds.userId ? ds : ro2;
    await patchFinding(owner, finding.id, { status: 'in_remediation', remediationPlan: 'Recalibrate the decline threshold; replay the day.' });
    await patchFinding(owner, finding.id, { status: 'ready_for_validation' });
    expect((await getFinding(ro, finding.id, NOW)).may).toMatchObject({ close: true, closeAsFixed: true, closeAsInvalid: false });
    await expect(closeFinding(ro, finding.id, { outcome: 'invalid', closureEvidence: 'Nothing to see.', password: PASSWORD })).rejects.toThrow(Conflict);
    await closeFinding(ro, finding.id, { outcome: 'closed', closureEvidence: 'Threshold recalibrated; replayed the day without a false decline.', password: PASSWORD });
    expect(await statusOf(finding.id)).toBe('closed');
  });

  it('needs an expiry in the future and at most a year ahead', async () => {
    const finding = await raise();
    expect(() => parseInput(ZWaiveFindingInput, terms({ expiresOn: undefined }))).toThrow(Invalid);
    await expect(patchFinding(ro, finding.id, { status: 'accepted', ...terms({ expiresOn: undefined }) })).rejects.toMatchObject({ status: 400, issues: [{ path: 'expiresOn', message: expect.stringMatching(/expiry/) }] });
    await expect(waive(ro, finding.id, { expiresOn: '2026-06-01' })).rejects.toThrow(/future/);
    await expect(waive(ro, finding.id, { expiresOn: '2026-05-01' })).rejects.toThrow(/future/);
    await expect(waive(ro, finding.id, { expiresOn: '2027-06-02' })).rejects.toThrow(/at most 365 days/);
    expect((await waive(ro, finding.id, { expiresOn: '2027-06-01' })).waiver?.expiresAt).toBe('2027-06-01T00:00:00.000Z');
  });

  it('audits a wrong password and accepts nothing', async () => {
    const finding = await raise();
    await expect(waive(ro2, finding.id, { password: 'nope' })).rejects.toThrow(Invalid);
    expect(await auditOf(finding.id, 'finding.waive_failed')).toHaveLength(1);
    expect(await statusOf(finding.id)).toBe('open');
  });

  it('shows the gate active findings, and accepted ones with their waiver’s expiry, on the versions it asks about', async () => {
    const model = await createModel(ds, { systemId, name: 'gate-read' });
    const versionId = (await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: 'b'.repeat(64), format: 'onnx' })).id;
    const on = async (severity: 'critical' | 'low') => await raiseFinding(ro, { type: 'vulnerability', severity, title: `Pickle ${severity}`, description: 'Unsafe opcode.', subjectType: 'model_version', subjectId: versionId }, NOW);
    const [accepted, open, closed] = [await on('critical'), await on('critical'), await on('low')];
    // A critical finding's risk: proposed by one risk officer, approved by a second.
    await waive(ro, accepted.id);
    await decideWaiverProposal(ro2, accepted.id, { decision: 'approve', comment: '', password: PASSWORD }, NOW);
    await closeFinding(ro, closed.id, { outcome: 'invalid', closureEvidence: 'A false positive of the scanner.' });
    expect(await activeFindingsFor({ modelVersionIds: [versionId], datasetVersionIds: [] })).toEqual([
      expect.objectContaining({ id: accepted.id, status: 'accepted', waiverExpiresAt: '2026-09-01T00:00:00.000Z' }),
      expect.objectContaining({ id: open.id, status: 'open', waiverExpiresAt: null }),
    ]);
    expect(await activeFindingsFor({ modelVersionIds: [], datasetVersionIds: [versionId] })).toEqual([]);
  });
});

describe('the expiry sweep', () => {
  it('re-opens a finding whose waiver expired, once: audited, owner told, review due', async () => {
    const finding = await raise();
    await waive(ro, finding.id, { expiresOn: '2026-07-01' });
    expect((await expireWaivers(new Date('2026-06-30T23:59:59Z'))).reopened).toBe(0);
    expect(await statusOf(finding.id)).toBe('accepted');
    const sweep = await expireWaivers(new Date('2026-07-01T00:00:00Z'));
    expect(sweep.reopened).toBeGreaterThanOrEqual(1);
    expect(await statusOf(finding.id)).toBe('open');
    const [waiver] = await getDb().select().from(findingWaivers).where(eq(findingWaivers.findingId, finding.id));
    expect(waiver).toMatchObject({ endedReason: 'expired', endedAt: '2026-07-01T00:00:00.000Z' });
    expect(await auditOf(finding.id, 'finding.reopened')).toMatchObject([{ actorType: 'system', actorLabel: 'waiver expiry' }]);
    expect(await getDb().select().from(notifications).where(and(eq(notifications.entityId, finding.id), eq(notifications.type, 'finding.reopened')))).toHaveLength(1);
    expect((await getDb().select().from(reviewTriggers).where(and(eq(reviewTriggers.systemId, systemId), eq(reviewTriggers.reason, 'waiver_expired')))).length).toBeGreaterThanOrEqual(1);
    expect((await expireWaivers(new Date('2026-07-02T00:00:00Z'))).reopened).toBe(0);
    expect(await auditOf(finding.id, 'finding.reopened')).toHaveLength(1);
  });

  it('closing an accepted finding (as invalid: only a validated one is closed as fixed) ends its waiver, so the sweep leaves it closed', async () => {
    const finding = await raise();
    await waive(ro, finding.id, { expiresOn: '2026-08-01' });
    await expect(closeFinding(ro2, finding.id, { outcome: 'closed', closureEvidence: 'Fairness evaluated on the new sample.', password: PASSWORD })).rejects.toThrow(/ready for validation/);
    await closeFinding(ro2, finding.id, { outcome: 'invalid', closureEvidence: 'The segment was never in scope.', password: PASSWORD });
    await expireWaivers(new Date('2026-09-01T00:00:00Z'));
    expect(await statusOf(finding.id)).toBe('invalid');
    expect(first(await getDb().select().from(findingWaivers).where(eq(findingWaivers.findingId, finding.id)).limit(1))).toMatchObject({ endedReason: 'finding_closed' });
  });
});
