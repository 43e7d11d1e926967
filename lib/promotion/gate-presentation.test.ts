import { describe, expect, it } from 'vitest';
import type { PolicyRules } from '@/db/schema';
import { approvalProgress } from './approval-progress';
import { evaluateGate, type GateInput, type Requirement } from './evaluate-gate';
import { gateStanding, requirementState } from './requirement-state';
import { wayForward } from './way-forward';

const RULES: PolicyRules = {
  requiredEvidenceKinds: ['performance', 'robustness'],
  metricThresholds: [{ kind: 'performance', metric: 'auc', comparator: 'gte', threshold: 0.8 }],
  maxEvidenceAgeDays: 30,
  requiredApprovers: [{ role: 'risk_officer', count: 1 }, { role: 'security_reviewer', count: 2 }],
  stagingProductionTolerance: null,
  allowExpeditedRollback: false,
};
const performance = { id: 'perf-1', kind: 'performance', environment: 'staging', performedAt: '2026-11-20T00:00:00Z', receivedAt: '2026-11-20T00:00:00Z', status: 'active' as const, countsForVersion: true, metrics: [{ name: 'auc', value: 0.9, passed: null }] };
const gate = (extra: Partial<GateInput> = {}) =>
  evaluateGate({
    riskTier: 'high', tierConfirmation: null, stage: 'development', target: 'staging', scanStatus: 'clean', openIntegrityFlags: 0, openRequestForTarget: false,
    policy: { id: 'p', version: 1, rules: RULES }, rollback: false, now: new Date('2026-11-21T00:00:00Z'),
    evidence: [performance, { ...performance, id: 'rob-1', kind: 'robustness', metrics: [] }],
    ...extra,
  });
const VERSION = { modelId: 'm1', versionId: 'v1' };
const page = '/models/m1/versions/v1';

describe('requirementState', () => {
  it('never ticks an artifact nobody scanned: allowed by policy it warns, otherwise it fails', () => {
    const allowed = gate({ scanStatus: 'unknown', policy: { id: 'p', version: 1, rules: { ...RULES, allowUnscanned: true } } });
    expect(requirementState(allowed.requirements.find((r) => r.id === 'scan')!)).toBe('warning');
    expect(requirementState(gate({ scanStatus: 'unknown' }).requirements.find((r) => r.id === 'scan')!)).toBe('failed');
    expect(requirementState(gate().requirements.find((r) => r.id === 'scan')!)).toBe('met');
  });

  it('reads a gate stored before unscanned bytes were refused ("Scan unknown." met) as a warning, not a tick', () => {
    const legacy: Requirement = { id: 'scan', label: 'No unsafe serialisation', met: true, detail: 'Scan unknown.' };
    expect(requirementState(legacy)).toBe('warning');
    expect(requirementState({ ...legacy, detail: 'Scan clean.' })).toBe('met');
  });

  it('shows an open request as pending: the gate waits, it does not fail', () => {
    const open = gate({ openRequestForTarget: true });
    expect(requirementState(open.requirements.find((r) => r.id === 'open-request')!)).toBe('pending');
    expect(gateStanding(open)).toBe('pending');
    expect(gateStanding(gate())).toBe('passes');
    expect(gateStanding(gate({ openRequestForTarget: true, evidence: [] }))).toBe('fails');
  });
});

describe('wayForward', () => {
  it('turns each failing requirement into a step with the page where it is done', () => {
    const blocked = gate({ scanStatus: 'unknown', openIntegrityFlags: 1, evidence: [{ ...performance, metrics: [{ name: 'auc', value: 0.7, passed: null }] }] });
    expect(wayForward(blocked.requirements, VERSION).map(({ requirementId, action, href }) => ({ requirementId, action, href }))).toEqual([
      { requirementId: 'scan', action: 'Upload the artifact', href: `${page}#artifact` },
      { requirementId: 'integrity', action: 'Resolve the open integrity flags', href: `${page}#integrity` },
      { requirementId: 'evidence:robustness', action: 'Record robustness evidence', href: `${page}/evidence/new?kind=robustness` },
      { requirementId: 'threshold:performance:auc', action: 'Record performance evidence meeting auc ≥ 0.8', href: `${page}/evidence/new?kind=performance` },
    ]);
  });

  it('sends unsafe bytes to the scan findings, and offers no link where no page fixes it', () => {
    const steps = wayForward(gate({ riskTier: 'prohibited', scanStatus: 'unsafe', policy: null }).requirements, VERSION);
    expect(steps.find((s) => s.requirementId === 'scan')).toMatchObject({ action: 'Review the scan findings', href: `${page}#integrity` });
    expect(steps.find((s) => s.requirementId === 'tier')).toMatchObject({ href: null, detail: 'Prohibited systems can never be promoted.' });
    expect(steps.find((s) => s.requirementId === 'policy')).toMatchObject({ href: null });
  });

  it('sends bytes in a format the scanner cannot read to a new version in a format it reads, not to another upload', () => {
    const unreadable = gate({ scanStatus: 'unknown', scanFindings: [{ code: 'unrecognized_format', severity: 'info', message: 'Not a format the scanner reads.' }] });
    expect(wayForward(unreadable.requirements, VERSION).find((s) => s.requirementId === 'scan')).toMatchObject({ action: 'Register a version in safetensors, ONNX or GGUF', href: '/models/m1/versions/new' });
  });

  it('has nothing to do while the only thing in the way is an open request', () => {
    expect(wayForward(gate({ openRequestForTarget: true }).requirements, VERSION)).toEqual([]);
  });
});

describe('approvalProgress', () => {
  const sig = (printedName: string, role: string, decision: 'approve' | 'reject' = 'approve') => ({ printedName, role, decision, signedAt: '2026-11-21T10:00:00Z' });

  it('lists every required role with who signed it and how many approvals it still awaits', () => {
    const { roles, awaited } = approvalProgress(RULES.requiredApprovers, [sig('Rita Chen', 'risk_officer'), sig('Sebastian Kowalski', 'security_reviewer')], 'open');
    expect(roles.map((r) => [r.role, r.signatures.map((s) => s.printedName), r.missing])).toEqual([
      ['risk_officer', ['Rita Chen'], 0],
      ['security_reviewer', ['Sebastian Kowalski'], 1],
    ]);
    expect(awaited).toEqual([{ role: 'security_reviewer', missing: 1 }]);
  });

  it('awaits nobody once the request is closed, whatever is missing', () => {
    const { roles, awaited } = approvalProgress(RULES.requiredApprovers, [sig('Rita Chen', 'risk_officer', 'reject')], 'rejected');
    expect(awaited).toEqual([]);
    expect(roles.map((r) => r.missing)).toEqual([0, 0]);
    expect(roles[0]!.signatures[0]!.decision).toBe('reject');
  });

  it('does not count a rejection as the approval a role awaits', () => {
    expect(approvalProgress(RULES.requiredApprovers, [sig('Rita Chen', 'risk_officer', 'reject')], 'open').awaited.map((a) => a.role)).toEqual(['risk_officer', 'security_reviewer']);
  });
});
