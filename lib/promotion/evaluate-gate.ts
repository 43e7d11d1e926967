import type { PolicyRules, PromotionTarget, RiskTier, ScanStatus, Stage } from '@/db/schema';
import { COMPARATOR_SYMBOLS, metricPassed } from '@/lib/evidence/metric';

export type GateEvidence = {
  id: string;
  kind: string;
  environment: string;
  performedAt: string;
  countsForVersion: boolean;
  metrics: { name: string; value: number; passed: boolean | null }[];
};

export type GateInput = {
  riskTier: RiskTier;
  stage: Stage;
  target: PromotionTarget;
  scanStatus: ScanStatus;
  openIntegrityFlags: number;
  openRequestForTarget: boolean;
  policy: { id: string; version: number; rules: PolicyRules } | null;
  evidence: GateEvidence[];
  /** An archived version that was approved for this stage before, where the policy allows an expedited rollback. */
  rollback: boolean;
  now: Date;
};

export type Requirement = { id: string; label: string; met: boolean; detail: string };
export type GateResult = { passed: boolean; policyVersion: number | null; expeditedRollback: boolean; requirements: Requirement[] };

const ORDER: Record<Stage, number> = { development: 0, staging: 1, production: 2, archived: -1 };

function latest(evidence: GateEvidence[], kind: string, environment?: string) {
  return evidence.filter((e) => e.kind === kind && e.countsForVersion && (!environment || e.environment === environment)).sort((a, b) => b.performedAt.localeCompare(a.performedAt))[0];
}

function evidenceRequirement(kind: string, input: GateInput, rules: PolicyRules): Requirement {
  const label = `${kind.replace('_', ' ')} evidence`;
  const all = input.evidence.filter((e) => e.kind === kind);
  const found = latest(input.evidence, kind);
  if (!found) {
    const detail = all.length > 0 ? 'Evidence exists only for other bytes (digest mismatch).' : 'Missing.';
    return { id: `evidence:${kind}`, label, met: false, detail };
  }
  const ageDays = (input.now.getTime() - new Date(found.performedAt).getTime()) / 86400000;
  if (rules.maxEvidenceAgeDays !== null && ageDays > rules.maxEvidenceAgeDays) {
    return { id: `evidence:${kind}`, label, met: false, detail: `Stale: ${Math.floor(ageDays)} days old, the policy allows ${rules.maxEvidenceAgeDays}.` };
  }
  const failed = found.metrics.filter((m) => m.passed === false).map((m) => m.name);
  if (failed.length) return { id: `evidence:${kind}`, label, met: false, detail: `Failed threshold: ${failed.join(', ')}.` };
  return { id: `evidence:${kind}`, label, met: true, detail: `Recorded ${found.performedAt.slice(0, 10)} (${found.environment}).` };
}

function thresholdRequirement(t: PolicyRules['metricThresholds'][number], input: GateInput): Requirement {
  const label = `${t.kind.replace('_', ' ')}: ${t.metric} ${COMPARATOR_SYMBOLS[t.comparator as keyof typeof COMPARATOR_SYMBOLS]} ${t.threshold}`;
  const metric = latest(input.evidence, t.kind)?.metrics.find((m) => m.name === t.metric);
  if (!metric) return { id: `threshold:${t.kind}:${t.metric}`, label, met: false, detail: 'Metric not reported.' };
  const met = metricPassed(metric.value, t.threshold, t.comparator as never) === true;
  return { id: `threshold:${t.kind}:${t.metric}`, label, met, detail: met ? `${metric.value} meets it.` : `Failed threshold: ${metric.value}.` };
}

function toleranceRequirements(tolerance: number, input: GateInput): Requirement[] {
  const staging = latest(input.evidence, 'performance', 'staging');
  const production = latest(input.evidence, 'performance', 'production');
  const label = `Production performance within ${tolerance} of staging`;
  if (!staging || !production) return [{ id: 'tolerance', label, met: false, detail: 'Needs performance evidence from both staging and production.' }];
  const drift = production.metrics.flatMap((p) => {
    const s = staging.metrics.find((m) => m.name === p.name);
    return s && Math.abs(p.value - s.value) > tolerance ? [`${p.name} ${s.value} → ${p.value}`] : [];
  });
  return [{ id: 'tolerance', label, met: drift.length === 0, detail: drift.length ? `Outside tolerance: ${drift.join(', ')}.` : 'Within tolerance.' }];
}

/** The gate: every requirement of the policy, each met or not and why. Pure, so it is tested and benchmarked alone. */
export function evaluateGate(input: GateInput): GateResult {
  const requirements: Requirement[] = [
    { id: 'tier', label: 'System is not prohibited', met: input.riskTier !== 'prohibited', detail: input.riskTier === 'prohibited' ? 'Prohibited systems can never be promoted.' : `Risk tier ${input.riskTier}.` },
    { id: 'stage', label: `Moves up to ${input.target}`, met: ORDER[input.stage] < ORDER[input.target], detail: `Now in ${input.stage}.` },
    { id: 'open-request', label: 'No other open request for this stage', met: !input.openRequestForTarget, detail: input.openRequestForTarget ? 'A request is already open.' : 'None open.' },
    { id: 'scan', label: 'No unsafe serialisation', met: input.scanStatus !== 'unsafe', detail: input.scanStatus === 'unsafe' ? 'The artifact scan found unsafe_serialization.' : `Scan ${input.scanStatus}.` },
    { id: 'integrity', label: 'No open integrity finding', met: input.openIntegrityFlags === 0, detail: input.openIntegrityFlags ? `${input.openIntegrityFlags} open flag(s).` : 'None.' },
  ];
  if (!input.policy) {
    requirements.push({ id: 'policy', label: 'A promotion policy applies', met: false, detail: `No policy for ${input.riskTier} → ${input.target}.` });
  } else if (input.rollback) {
    requirements.push({ id: 'rollback', label: 'Expedited rollback', met: true, detail: 'This version was approved for this stage before; the policy allows rolling back to it on approvals alone.' });
  } else {
    const { rules } = input.policy;
    requirements.push(...rules.requiredEvidenceKinds.map((kind) => evidenceRequirement(kind, input, rules)));
    requirements.push(...rules.metricThresholds.map((t) => thresholdRequirement(t, input)));
    if (input.target === 'production' && rules.stagingProductionTolerance !== null) requirements.push(...toleranceRequirements(rules.stagingProductionTolerance, input));
  }
  return { passed: requirements.every((r) => r.met), policyVersion: input.policy?.version ?? null, expeditedRollback: input.rollback && !!input.policy, requirements };
}
