import { describe, expect, it } from 'vitest';
import type { PolicyRules } from '@/db/schema';
import { changedRules } from './policy-changes';

const RULES: PolicyRules = {
  requiredEvidenceKinds: ['performance'],
  metricThresholds: [{ kind: 'performance', metric: 'auc', comparator: 'gte', threshold: 0.8 }],
  maxEvidenceAgeDays: 90,
  requiredApprovers: [{ role: 'risk_officer', count: 1 }],
  stagingProductionTolerance: null,
  allowExpeditedRollback: true,
  monitoringRules: [{ metric: 'psi', feature: null, comparator: 'gte', threshold: 0.25, windowDays: 7, severity: 'high' }],
};

describe('changedRules', () => {
  it('names each rule a version set, changed or removed, in the editor’s order; a first version has nothing to compare', () => {
    expect(changedRules(null, RULES)).toBeNull();
    expect(changedRules(RULES, { ...RULES })).toEqual([]);
    const { monitoringRules: _removed, ...withoutMonitoring } = RULES;
    expect(changedRules(RULES, { ...withoutMonitoring, requiredApprovers: [{ role: 'risk_officer', count: 2 }], reviewCadenceMonths: 12 })).toEqual(['required signatures', 'monitoring rules', 'review cadence']);
    // Saying what an absent rule means is not a change either (the editor sends every box, ticked or not).
    expect(changedRules(RULES, { ...RULES, allowUnscanned: false, requiredSignerIdentities: [] })).toEqual([]);
    expect(changedRules(RULES, { ...RULES, allowUnscanned: true })).toEqual(['unscanned artifacts']);
    // Key order inside a rule is not a change.
    expect(changedRules(RULES, { ...RULES, metricThresholds: [{ threshold: 0.8, comparator: 'gte', metric: 'auc', kind: 'performance' }] })).toEqual([]);
  });
});
