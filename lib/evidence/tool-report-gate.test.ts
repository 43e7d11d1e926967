import { describe, expect, it } from 'vitest';
import type { PolicyRules } from '@/db/schema';
import { evaluateGate, type GateEvidence, type GateInput } from '@/lib/promotion/evaluate-gate';
import { ZPolicyRules } from '@/lib/promotion/policy-schemas';

const RULES: PolicyRules = {
  requiredEvidenceKinds: [],
  metricThresholds: [{ kind: 'security_scan', metric: 'critical_vulnerabilities', comparator: 'lte', threshold: 0, computedOnly: true }],
  maxEvidenceAgeDays: 30,
  requiredApprovers: [{ role: 'risk_officer', count: 1 }],
  stagingProductionTolerance: null,
  allowExpeditedRollback: false,
};
const scan = (id: string, receivedAt: string, value: number, origin?: 'computed' | 'claimed', extra: Partial<GateEvidence> = {}): GateEvidence => ({
  id, kind: 'security_scan', environment: 'staging', performedAt: receivedAt, receivedAt, status: 'active', countsForVersion: true,
  metrics: [{ name: 'critical_vulnerabilities', value, passed: null, ...(origin ? { origin } : {}) }], ...extra,
});
const gate = (evidence: GateEvidence[], rules = RULES) => {
  const input: GateInput = { riskTier: 'high', tierConfirmation: null, stage: 'staging', target: 'production', scanStatus: 'clean', openIntegrityFlags: 0, openRequestForTarget: false, policy: { id: 'p', version: 1, rules }, rollback: false, now: new Date('2026-11-21T12:00:00Z'), evidence };
  return evaluateGate(input).requirements.find((r) => r.id === 'threshold:security_scan:critical_vulnerabilities')!;
};

describe('computedOnly metric thresholds', () => {
  it('a typed critical_vulnerabilities: 0 does not satisfy it, and the gate says why', () => {
    const row = gate([scan('typed', '2026-11-20T00:00:00Z', 0, 'claimed')]);
    expect(row).toMatchObject({ met: false, label: expect.stringContaining('computed from a tool report'), records: [{ evaluationId: 'typed' }] });
    expect(row.detail).toMatch(/self-reported/);
    expect(gate([scan('legacy', '2026-11-20T00:00:00Z', 0)]).met).toBe(false);
    expect(gate([]).detail).toMatch(/attach the tool report/);
  });

  it('a computed value counts; the same typed value counts only without computedOnly', () => {
    expect(gate([scan('report', '2026-11-20T00:00:00Z', 0, 'computed')])).toMatchObject({ met: true, records: [{ evaluationId: 'report' }] });
    const plain = { ...RULES, metricThresholds: [{ ...RULES.metricThresholds[0]!, computedOnly: false }] };
    expect(gate([scan('typed', '2026-11-20T00:00:00Z', 0, 'claimed')], plain).met).toBe(true);
  });

  it('a later typed figure does not hide the computed one, and the latest computed record is the one judged', () => {
    const row = gate([scan('report', '2026-11-19T00:00:00Z', 3, 'computed'), scan('typed', '2026-11-20T00:00:00Z', 0, 'claimed')]);
    expect(row).toMatchObject({ met: false, detail: 'Failed threshold: 3.', records: [{ evaluationId: 'report' }] });
    expect(gate([scan('old', '2026-11-18T00:00:00Z', 3, 'computed'), scan('new', '2026-11-19T00:00:00Z', 0, 'computed')])).toMatchObject({ met: true, records: [{ evaluationId: 'new' }] });
  });

  it('a computed report on other bytes, or retracted, does not count', () => {
    expect(gate([scan('other', '2026-11-20T00:00:00Z', 0, 'computed', { countsForVersion: false })]).met).toBe(false);
    expect(gate([scan('gone', '2026-11-20T00:00:00Z', 0, 'computed', { status: 'retracted' })]).met).toBe(false);
  });

  it('the policy schema keeps the flag', () => {
    expect(ZPolicyRules.parse(RULES).metricThresholds[0]).toMatchObject({ computedOnly: true });
  });
});
