import { describe, expect, it } from 'vitest';
import type { PolicyRules } from '@/db/schema';
import { evaluateGate, type GateInput } from './evaluate-gate';

const NOW = new Date('2026-11-21T12:00:00Z');
const RULES: PolicyRules = {
  requiredEvidenceKinds: ['performance', 'fairness'],
  metricThresholds: [{ kind: 'performance', metric: 'auc', comparator: 'gte', threshold: 0.8 }],
  maxEvidenceAgeDays: 30,
  requiredApprovers: [{ role: 'risk_officer', count: 1 }],
  stagingProductionTolerance: 0.05,
  allowExpeditedRollback: true,
};
const evidence = (kind: string, extra: Partial<GateInput['evidence'][number]> = {}) => ({ id: kind, kind, environment: 'staging', performedAt: '2026-11-20T00:00:00Z', countsForVersion: true, metrics: [], ...extra });
const input = (extra: Partial<GateInput> = {}): GateInput => ({
  riskTier: 'high', stage: 'staging', target: 'production', scanStatus: 'clean', openIntegrityFlags: 0, openRequestForTarget: false,
  policy: { id: 'p', version: 3, rules: RULES }, rollback: false, now: NOW,
  evidence: [
    evidence('performance', { metrics: [{ name: 'auc', value: 0.9, passed: null }] }),
    evidence('performance', { id: 'prod', environment: 'production', metrics: [{ name: 'auc', value: 0.88, passed: null }] }),
    evidence('fairness'),
  ],
  ...extra,
});
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
    expect(unmet(evaluateGate(input({ evidence: [...input().evidence, evidence('fairness', { id: 'f2', performedAt: '2026-11-21T00:00:00Z', metrics: [{ name: 'dpd', value: 0.2, passed: false }] })] })))).toContain('evidence:fairness: Failed threshold: dpd.');
    expect(unmet(evaluateGate(input({ scanStatus: 'unsafe' })))).toContain('scan: The artifact scan found unsafe_serialization.');
    expect(unmet(evaluateGate(input({ openIntegrityFlags: 2 })))).toContain('integrity: 2 open flag(s).');
    expect(unmet(evaluateGate(input({ stage: 'production' })))).toContain('stage: Now in production.');
    expect(unmet(evaluateGate(input({ openRequestForTarget: true })))).toContain('open-request: A request is already open.');
  });

  it('holds production within the tolerance of staging', () => {
    const drifted = input({ evidence: [evidence('performance', { metrics: [{ name: 'auc', value: 0.9, passed: null }] }), evidence('performance', { id: 'prod', environment: 'production', metrics: [{ name: 'auc', value: 0.81, passed: null }] }), evidence('fairness')] });
    expect(unmet(evaluateGate(drifted))).toEqual(['tolerance: Outside tolerance: auc 0.9 → 0.81.']);
    expect(unmet(evaluateGate(input({ target: 'staging', stage: 'development', evidence: drifted.evidence })))).toEqual([]);
  });

  it('lets an expedited rollback skip the evidence, never the safety checks', () => {
    const rollback = evaluateGate(input({ stage: 'archived', rollback: true, evidence: [] }));
    expect(rollback).toMatchObject({ passed: true, expeditedRollback: true });
    expect(evaluateGate(input({ stage: 'archived', rollback: true, evidence: [], scanStatus: 'unsafe' })).passed).toBe(false);
  });
});
