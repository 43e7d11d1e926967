import type { PolicyRules } from '@/db/schema';
import type { GateEvidence, GateInput } from './evaluate-gate';

/** The gate tests' fixtures: a high-risk version in staging asking for production, with passing evidence of two kinds. */
export const NOW = new Date('2026-11-21T12:00:00Z');
export const RULES: PolicyRules = {
  requiredEvidenceKinds: ['performance', 'fairness'],
  metricThresholds: [{ kind: 'performance', metric: 'auc', comparator: 'gte', threshold: 0.8 }],
  maxEvidenceAgeDays: 30,
  requiredApprovers: [{ role: 'risk_officer', count: 1 }],
  stagingProductionTolerance: 0.05,
  allowExpeditedRollback: true,
};
export const evidence = (kind: string, extra: Partial<GateEvidence> = {}): GateEvidence => ({ id: kind, kind, environment: 'staging', performedAt: '2026-11-20T00:00:00Z', receivedAt: '2026-11-20T00:00:00Z', status: 'active', countsForVersion: true, metrics: [], ...extra });
export const input = (extra: Partial<GateInput> = {}): GateInput => ({
  riskTier: 'high', tierConfirmation: null, stage: 'staging', target: 'production', scanStatus: 'clean', openIntegrityFlags: 0, openRequestForTarget: false,
  policy: { id: 'p', version: 3, rules: RULES }, rollback: false, now: NOW,
  evidence: [
    evidence('performance', { metrics: [{ name: 'auc', value: 0.9, passed: null }] }),
    evidence('performance', { id: 'prod', environment: 'production', metrics: [{ name: 'auc', value: 0.88, passed: null }] }),
    evidence('fairness'),
  ],
  ...extra,
});
