import { describe, expect, it } from 'vitest';
import { evaluateGate, type GateEvidence, type GateFinding, type GateInput } from './evaluate-gate';
import { undocumented } from './documentation';
import { evidence, input, NOW, RULES } from './gate-test-input';
import { wayForward } from './way-forward';

const unmet = (result: ReturnType<typeof evaluateGate>) => result.requirements.filter((r) => !r.met).map((r) => `${r.id}: ${r.detail}`);

describe('evaluateGate', () => {
  it('passes when every requirement of the policy is met, naming the policy version', () => {
    const result = evaluateGate(input());
    expect(unmet(result)).toEqual([]);
    expect(result).toMatchObject({ passed: true, policyVersion: 3 });
  });

  it('says why each requirement fails', () => {
    expect(unmet(evaluateGate(input({ riskTier: 'prohibited', policy: null })))).toEqual(expect.arrayContaining([expect.stringMatching(/^tier: Prohibited/), expect.stringMatching(/^policy:/)]));
    expect(unmet(evaluateGate(input({ evidence: [evidence('performance', { metrics: [{ name: 'auc', value: 0.9, passed: null }] })] })))).toContain('evidence:fairness: Missing.');
    expect(unmet(evaluateGate(input({ evidence: [...input().evidence.filter((e) => e.kind !== 'fairness'), evidence('fairness', { countsForVersion: false })] })))).toContain('evidence:fairness: Evidence exists only for other bytes (digest mismatch).');
    expect(unmet(evaluateGate(input({ now: new Date('2027-06-01T00:00:00Z') })))).toEqual(expect.arrayContaining([expect.stringMatching(/^evidence:fairness: Stale/)]));
    expect(unmet(evaluateGate(input({ evidence: [evidence('performance', { metrics: [{ name: 'auc', value: 0.7, passed: null }] }), evidence('fairness')] })))).toEqual(expect.arrayContaining(['threshold:performance:auc: Failed threshold: 0.7.']));
    expect(unmet(evaluateGate(input({ evidence: [...input().evidence, evidence('fairness', { id: 'f2', receivedAt: '2026-11-21T00:00:00Z', metrics: [{ name: 'dpd', value: 0.2, passed: false }] })] })))).toContain('evidence:fairness: Failed threshold: dpd 0.2.');
    expect(unmet(evaluateGate(input({ scanStatus: 'unsafe', scanFindings: [{ code: 'unsafe_serialization', severity: 'critical', message: 'imports posix.system' }] })))).toContain('scan: Unsafe: imports posix.system.');
    expect(unmet(evaluateGate(input({ openIntegrityFlags: 2 })))).toContain('integrity: 2 open flags.');
    expect(unmet(evaluateGate(input({ stage: 'production' })))).toContain('stage: Now in production: stages only move forward.');
    expect(unmet(evaluateGate(input({ openIntegrityFlags: 1 })))).toContain('integrity: 1 open flag.');
    expect(unmet(evaluateGate(input({ openRequestForTarget: true })))).toContain('open-request: A request for this stage is open and waits for its signatures.');
  });

  it('marks an open request as pending, not as something to fix; the gate does not pass while it is open', () => {
    const gate = evaluateGate(input({ openRequestForTarget: true }));
    expect(gate.passed).toBe(false);
    expect(gate.requirements.filter((r) => r.pending).map((r) => r.id)).toEqual(['open-request']);
    expect(evaluateGate(input()).requirements.some((r) => r.pending)).toBe(false);
  });

  it('holds production within the tolerance of staging', () => {
    const drifted = input({ evidence: [evidence('performance', { metrics: [{ name: 'auc', value: 0.9, passed: null }] }), evidence('performance', { id: 'prod', environment: 'production', metrics: [{ name: 'auc', value: 0.81, passed: null }] }), evidence('fairness')] });
    expect(unmet(evaluateGate(drifted))).toEqual(['tolerance: Outside tolerance: auc 0.9 → 0.81.']);
    expect(unmet(evaluateGate(input({ target: 'staging', stage: 'development', evidence: drifted.evidence })))).toEqual([]);
    // Without production figures it says which are missing, and where a version not yet in production gets them.
    const stagingOnly = input({ evidence: [drifted.evidence[0]!, evidence('fairness')] });
    expect(unmet(evaluateGate(stagingOnly))).toEqual(["tolerance: Needs performance evidence from production to compare with staging's: for a version not yet in production, from shadow scoring or a canary on live traffic."]);
  });

  it('asks for the training data in the lineage only when the policy does', () => {
    const lineage = (upstreamDatasetVersions?: number) => evaluateGate(input({ policy: { id: 'p', version: 4, rules: { ...RULES, requireTrainingLineage: true } }, upstreamDatasetVersions })).requirements.find((r) => r.id === 'lineage');
    expect(lineage(0)).toMatchObject({ label: 'Training data in the lineage', met: false, detail: expect.stringMatching(/^No dataset version is upstream/) });
    expect(lineage(undefined)?.met).toBe(false);
    expect(lineage(2)).toMatchObject({ met: true, detail: '2 dataset versions upstream in the lineage.' });
    expect(evaluateGate(input({ upstreamDatasetVersions: 0 })).requirements.some((r) => r.id === 'lineage')).toBe(false);
    expect(wayForward([lineage(0)!], { modelId: 'm', versionId: 'v' })).toEqual([expect.objectContaining({ action: 'Record the training run with the datasets it read', href: '/lineage?node=model_version:v' })]);
    // A rollback is judged on approvals alone.
    expect(evaluateGate(input({ stage: 'archived', rollback: true, approvedBefore: true, evidence: [], policy: { id: 'p', version: 4, rules: { ...RULES, requireTrainingLineage: true } } })).passed).toBe(true);
  });

  it('asks for every part of the system\'s documentation only when the policy does, naming the blank ones and where to write them', () => {
    const documented = { intendedUse: 'Loans.', outOfScopeUses: 'Mortgages.', humanOversight: 'A credit officer.', limitations: 'Thin files.', ethicalConsiderations: 'Parity.', recommendations: 'Support only.' };
    const rules = { ...RULES, requireDocumentation: true };
    const documentation = (system: typeof documented) => evaluateGate(input({ policy: { id: 'p', version: 6, rules }, undocumented: undocumented(system) })).requirements.find((r) => r.id === 'documentation');
    expect(documentation(documented)).toMatchObject({ label: 'System documented for its users', met: true });
    const gaps = documentation({ ...documented, humanOversight: '', recommendations: ' \n\t\u200b' });
    expect(gaps).toMatchObject({ met: false, detail: expect.stringMatching(/^Blank on the system: human oversight, recommendations \(EU AI Act Art\. 13/) });
    expect(wayForward([gaps!], { modelId: 'm', versionId: 'v', systemId: 's' })).toEqual([expect.objectContaining({ action: 'Write the system’s documentation', href: '/systems/s/edit' })]);
    // Unread, it fails closed.
    expect(evaluateGate(input({ policy: { id: 'p', version: 6, rules } })).requirements.find((r) => r.id === 'documentation')).toMatchObject({ met: false });
    // Without the rule, a blank system passes; a rollback is judged on approvals alone.
    expect(evaluateGate(input({ undocumented: ['limitations'] })).requirements.some((r) => r.id === 'documentation')).toBe(false);
    expect(evaluateGate(input({ stage: 'archived', rollback: true, approvedBefore: true, evidence: [], undocumented: ['limitations'], policy: { id: 'p', version: 6, rules } })).passed).toBe(true);
  });

  it('takes into production only a version that has been in staging for the policy\'s days', () => {
    const soak = (days: number, extra: Partial<GateInput>) => evaluateGate(input({ policy: { id: 'p', version: 5, rules: { ...RULES, minDaysInStaging: days } }, ...extra })).requirements.find((r) => r.id === 'staging-time');
    expect(soak(14, { stageChangedAt: '2026-11-01T12:00:00Z' })).toMatchObject({ label: 'In staging for 14 days first', met: true, detail: expect.stringMatching(/\(20 days\)\.$/) });
    expect(soak(14, { stageChangedAt: '2026-11-07T12:00:00Z' })).toMatchObject({ met: true });
    // The day it may go is said to the minute, rounded up: never a time the gate would still refuse.
    expect(soak(14, { stageChangedAt: '2026-11-07T12:00:01Z' })).toMatchObject({ met: false, detail: expect.stringMatching(/\(13 days\): it may go to production from 2026-11-21 12:01 UTC\.$/) });
    expect(soak(14, { stage: 'archived' })).toMatchObject({ met: false, detail: 'Now in archived: only a version in staging may go to production.' });
    expect(wayForward([soak(14, { stage: 'archived' })!], { modelId: 'm', versionId: 'v' }).map((s) => s.action)).toEqual(['In staging for 14 days first']);
    expect(soak(14, { stage: 'development', stageChangedAt: null })).toMatchObject({ met: false, detail: 'Now in development: promote it to staging first.' });
    expect(soak(14, { stageChangedAt: null })).toMatchObject({ met: false, detail: expect.stringMatching(/not on record/) });
    expect(soak(0, { stageChangedAt: null })).toMatchObject({ label: 'Comes from staging', met: true });
    expect(soak(0, { stage: 'development' })?.met).toBe(false);
    expect(wayForward([soak(14, { stage: 'development' })!, soak(14, { stageChangedAt: '2026-11-20T00:00:00Z' })!], { modelId: 'm', versionId: 'v' }).map((s) => s.action)).toEqual(['Request promotion to staging first', 'Let it run in staging for the days the policy asks']);
    // A staging policy holding the rule (an old row) does not apply it to staging.
    expect(evaluateGate(input({ target: 'staging', stage: 'development', policy: { id: 'p', version: 5, rules: { ...RULES, minDaysInStaging: 14 } } })).requirements.some((r) => r.id === 'staging-time')).toBe(false);
  });

  it('lets an explicit expedited rollback skip the evidence, never the safety checks', () => {
    const rollback = evaluateGate(input({ stage: 'archived', rollback: true, approvedBefore: true, evidence: [] }));
    expect(rollback).toMatchObject({ passed: true, expeditedRollback: true });
    expect(evaluateGate(input({ stage: 'archived', rollback: true, approvedBefore: true, evidence: [], scanStatus: 'unsafe' })).passed).toBe(false);
    expect(evaluateGate(input({ stage: 'archived', rollback: true, approvedBefore: true, evidence: [], scanStatus: 'unknown' })).passed).toBe(false);
  });

  it('moves stages only forward: an archived version only by an explicit rollback the policy allows, of a version approved before', () => {
    expect(unmet(evaluateGate(input({ stage: 'archived' })))).toContain('stage: Archived: only an explicit rollback request can bring it back.');
    expect(unmet(evaluateGate(input({ stage: 'production', target: 'staging' })))).toContain('stage: Now in production: stages only move forward.');
    expect(unmet(evaluateGate(input({ stage: 'staging', target: 'staging' })))).toContain('stage: Now in staging: stages only move forward.');
    expect(unmet(evaluateGate(input({ stage: 'archived', rollback: true, approvedBefore: false, evidence: [] })))).toEqual([expect.stringMatching(/^rollback: This version was never approved for production/)]);
    const strict = { id: 'p', version: 4, rules: { ...RULES, allowExpeditedRollback: false } };
    expect(unmet(evaluateGate(input({ stage: 'archived', rollback: true, approvedBefore: true, evidence: [], policy: strict })))).toEqual(['rollback: The policy for this tier and stage does not allow a rollback.']);
    expect(unmet(evaluateGate(input({ stage: 'staging', rollback: true, approvedBefore: true })))).toContain('stage: Now in staging: only an archived version can be rolled back to.');
  });

  it('never passes an unscanned artifact unless the policy allows it for the tier, and then warns instead of ticking', () => {
    const scan = (extra: Partial<GateInput>) => evaluateGate(input(extra)).requirements.find((r) => r.id === 'scan')!;
    expect(scan({ scanStatus: 'unknown' })).toMatchObject({ met: false, detail: "Not scanned: upload the artifact's bytes so the server can scan them." });
    expect(evaluateGate(input({ scanStatus: 'unknown' })).passed).toBe(false);
    expect(scan({ scanStatus: 'unknown', policy: null })).toMatchObject({ met: false });
    expect(scan({ scanStatus: 'clean' })).toMatchObject({ met: true, detail: 'Clean.' });
    expect(scan({ scanStatus: 'clean' }).warning).toBeUndefined();
    const lenient = { id: 'p', version: 5, rules: { ...RULES, allowUnscanned: true } };
    expect(scan({ scanStatus: 'unknown', policy: lenient })).toMatchObject({ met: true, warning: true, detail: expect.stringMatching(/^Not scanned: the policy/) });
    expect(scan({ scanStatus: 'unsafe', policy: lenient })).toMatchObject({ met: false, detail: expect.stringMatching(/^Unsafe: /) });
  });

  it('says that bytes in a format the scanner cannot read need another format, not another upload', () => {
    const unreadable = { scanStatus: 'unknown' as const, scanFindings: [{ code: 'unrecognized_format', severity: 'warning' as const, message: 'format not recognised from the bytes' }] };
    const scan = (extra: Partial<GateInput>) => evaluateGate(input({ ...unreadable, ...extra })).requirements.find((r) => r.id === 'scan')!;
    expect(scan({})).toMatchObject({ met: false, detail: expect.stringMatching(/^Scanned, but the format was not recognised.*Uploading them again will not change that: register the model in a format the scanner reads and that runs no code on load \(safetensors, ONNX or GGUF\)/) });
    // Allowed by the policy, it says what happened to the bytes: scanned and not recognised, not "not scanned".
    expect(scan({ policy: { id: 'p', version: 5, rules: { ...RULES, allowUnscanned: true } } })).toMatchObject({ met: true, warning: true, detail: 'Scanned, but the format was not recognised from the bytes: the policy for this tier allows unscanned artifacts, so nothing vouches for these bytes.' });
  });

  it('decides by receipt order, not by the claimed date, and names the record that decided', () => {
    const failingLater = evidence('fairness', { id: 'late', performedAt: '2026-11-01T00:00:00Z', receivedAt: '2026-11-21T00:00:00Z', metrics: [{ name: 'dpd', value: 0.2, passed: false }] });
    const dated2099 = evidence('fairness', { id: 'future', performedAt: '2099-01-01T00:00:00Z', receivedAt: '2026-11-10T00:00:00Z' });
    const result = evaluateGate(input({ evidence: [...input().evidence.filter((e) => e.kind !== 'fairness'), dated2099, failingLater] }));
    const fairness = result.requirements.find((r) => r.id === 'evidence:fairness')!;
    expect(fairness).toMatchObject({ met: false, detail: 'Failed threshold: dpd 0.2.', records: [{ evaluationId: 'late', receivedAt: '2026-11-21T00:00:00Z' }] });
    const passing = evaluateGate(input()).requirements.find((r) => r.id === 'evidence:fairness')!;
    expect(passing.records).toEqual([{ evaluationId: 'fairness', receivedAt: '2026-11-20T00:00:00Z' }]);
  });

  it('says a version may go from development straight to production because the policy does not ask for staging', () => {
    const stage = (extra: Partial<GateInput>) => evaluateGate(input(extra)).requirements.find((r) => r.id === 'stage')!;
    expect(stage({ stage: 'development', target: 'production' })).toMatchObject({ met: true, detail: 'Now in development: this tier’s policy does not ask for staging first.' });
    expect(stage({ stage: 'staging', target: 'production' })).toMatchObject({ met: true, detail: 'Now in staging.' });
  });

  it('never says staging may be skipped when the policy asks for it: the staging line then fails alone', () => {
    const asking = { ...input().policy!, rules: { ...input().policy!.rules, minDaysInStaging: 0 } };
    const requirements = evaluateGate(input({ stage: 'development', target: 'production', policy: asking })).requirements;
    expect(requirements.find((r) => r.id === 'stage')).toMatchObject({ met: true, detail: 'Now in development.' });
    expect(requirements.find((r) => r.id === 'staging-time')).toMatchObject({ met: false, detail: 'Now in development: promote it to staging first.' });
  });

  it('counts the age from the earlier of the claimed and the receipt time', () => {
    const old = evidence('fairness', { performedAt: '2026-01-01T00:00:00Z', receivedAt: '2026-11-20T00:00:00Z' });
    expect(unmet(evaluateGate(input({ evidence: [...input().evidence.filter((e) => e.kind !== 'fairness'), old] })))).toEqual([expect.stringMatching(/^evidence:fairness: Stale: 324 days old/)]);
    const future = evidence('fairness', { performedAt: '2099-01-01T00:00:00Z', receivedAt: '2026-06-01T00:00:00Z' });
    expect(unmet(evaluateGate(input({ evidence: [...input().evidence.filter((e) => e.kind !== 'fairness'), future] })))).toEqual([expect.stringMatching(/^evidence:fairness: Stale: 173 days old/)]);
  });

  it('never counts a retracted or superseded record', () => {
    const retracted = evidence('fairness', { status: 'retracted' });
    expect(unmet(evaluateGate(input({ evidence: [...input().evidence.filter((e) => e.kind !== 'fairness'), retracted] })))).toContain('evidence:fairness: Only retracted or superseded records: they do not count.');
    const superseded = evidence('performance', { id: 'old', status: 'superseded', receivedAt: '2026-11-21T00:00:00Z', metrics: [{ name: 'auc', value: 0.99, passed: null }] });
    const auc = evaluateGate(input({ evidence: [...input().evidence, superseded] })).requirements.find((r) => r.id === 'threshold:performance:auc')!;
    expect(auc).toMatchObject({ met: true, detail: '0.88 meets it.', records: [{ evaluationId: 'prod' }] });
  });

  it('reads a percentage on the policy’s scale and never compares a value in another unit', () => {
    const withAuc = (value: number, unit: string | null) => input({ evidence: [evidence('performance', { metrics: [{ name: 'auc', value, unit, passed: null }] }), evidence('performance', { id: 'prod', environment: 'production', metrics: [{ name: 'auc', value, unit, passed: null }] }), evidence('fairness')] });
    const auc = (value: number, unit: string | null) => evaluateGate(withAuc(value, unit)).requirements.find((r) => r.id === 'threshold:performance:auc')!;
    // "25.59%" from a model card is 0.2559, far below the 0.8 the policy asks: never a pass.
    expect(auc(25.59, '%')).toMatchObject({ met: false, detail: 'Failed threshold: 25.59% (0.2559).' });
    expect(auc(91, '%')).toMatchObject({ met: true, detail: '91% (0.91) meets it.' });
    expect(auc(0.91, 'dB')).toMatchObject({ met: false, detail: expect.stringMatching(/cannot be compared/) });
  });

  describe('findings', () => {
    const finding = (extra: Partial<GateFinding> = {}): GateFinding => ({ id: 'f12', number: 12, title: 'Drift on amount', severity: 'high', status: 'open', dueDate: '2026-12-20', subject: 'this version', waiver: null, ...extra });
    const byId = (result: ReturnType<typeof evaluateGate>, id: string) => result.requirements.find((r) => r.id === id);

    it('names ten findings, blocking ones first, and counts the rest in one failing line', () => {
      const many = Array.from({ length: 25 }, (_, i) => finding({ id: `f${i}`, number: i, ...(i < 3 ? { status: 'accepted' as const, waiver: { expiresAt: '2099-01-01T00:00:00Z', printedName: 'Rita Risk' } } : {}) }));
      const result = evaluateGate(input({ findings: many }));
      const rows = result.requirements.filter((r) => r.id.startsWith('finding'));
      expect(rows).toHaveLength(11);
      expect(rows.slice(0, 10).every((r) => !r.met)).toBe(true);
      expect(rows[10]).toMatchObject({ id: 'findings:more', label: '15 more critical or high findings', met: false, detail: '12 of them block the gate; the findings page lists them all.' });
      expect(result.passed).toBe(false);
    });

    it('passes with no critical or high finding, and says so', () => {
      const result = evaluateGate(input({ findings: [] }));
      expect(result.passed).toBe(true);
      expect(byId(result, 'findings')).toMatchObject({ met: true });
    });

    it('fails on an active high finding on the version or upstream, naming it, and links the way forward to it', () => {
      for (const status of ['open', 'in_remediation', 'ready_for_validation'] as const) {
        const result = evaluateGate(input({ findings: [finding({ status })] }));
        expect(result.passed).toBe(false);
        expect(byId(result, 'finding:f12')).toMatchObject({ met: false, label: 'F-12 Drift on amount (high), due 2026-12-20' });
      }
      const upstream = evaluateGate(input({ findings: [finding({ severity: 'critical', subject: 'upstream dataset version transactions v3' })] }));
      expect(unmet(upstream)).toEqual(['finding:f12: Open on upstream dataset version transactions v3: close it, or accept the risk with a signed waiver.']);
      expect(wayForward(upstream.requirements, { modelId: 'm', versionId: 'v' })).toEqual([expect.objectContaining({ requirementId: 'finding:f12', href: '/findings/f12' })]);
    });

    it('fails on an accepted finding whose waiver has expired, even before the sweep re-opened it', () => {
      const expired = evaluateGate(input({ findings: [finding({ status: 'accepted', waiver: { expiresAt: NOW.toISOString(), printedName: 'Rita Risk' } })] }));
      expect(unmet(expired)).toEqual(['finding:f12: Accepted on this version, but its waiver expired 2026-11-21: the risk is no longer accepted.']);
      expect(evaluateGate(input({ findings: [finding({ status: 'accepted', waiver: null })] })).passed).toBe(false);
    });

    it('passes an accepted finding under a live waiver with a warning naming the waiver and its expiry', () => {
      const waived = evaluateGate(input({ findings: [finding({ status: 'accepted', waiver: { expiresAt: '2027-01-31T00:00:00.000Z', printedName: 'Rita Risk' } })] }));
      expect(waived.passed).toBe(true);
      expect(byId(waived, 'finding:f12')).toMatchObject({ met: true, warning: true, detail: 'Accepted as a risk on this version: waiver signed by Rita Risk, expires 2027-01-31.' });
    });

    it('holds an expedited rollback to the findings too', () => {
      expect(evaluateGate(input({ stage: 'archived', rollback: true, approvedBefore: true, evidence: [], findings: [finding()] })).passed).toBe(false);
    });
  });

  it('says on a met evidence line whether its figures were typed by the sender or computed from a tool report', () => {
    const perf = (origins: ('claimed' | 'computed')[]) => evidence('performance', { metrics: origins.map((origin, i) => ({ name: `m${i}`, value: 0.9, passed: null, origin })) });
    const line = (record: GateEvidence) => evaluateGate(input({ evidence: [...input().evidence.filter((e) => e.kind !== 'performance'), record] })).requirements.find((r) => r.id === 'evidence:performance')!.detail;
    expect(line(perf(['claimed', 'claimed']))).toMatch(/, figures self-reported \(typed, not computed from a tool report\)\.$/);
    expect(line(perf(['computed', 'claimed']))).toMatch(/, some figures self-reported\.$/);
    expect(line(perf(['computed']))).toMatch(/, figures computed from a tool report\.$/);
    expect(line(perf([]))).toMatch(/\(staging\)\.$/);
  });
});
