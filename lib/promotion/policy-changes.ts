import { canonicalJson } from '@/lib/canonical-json';
import type { PolicyRules } from '@/db/schema';
import { humanize } from '@/lib/words';

/** A policy as every page, inbox line and message names it: "High risk → production". */
export const policyName = (p: { riskTier: string; targetStage: string }) => `${humanize(p.riskTier)} risk → ${p.targetStage}`;

/** Each rule as the policy editor and summary name it. */
const RULE_NAMES: Record<keyof Required<PolicyRules>, string> = {
  requiredEvidenceKinds: 'required evidence',
  metricThresholds: 'metric thresholds',
  maxEvidenceAgeDays: 'max evidence age',
  requiredApprovers: 'required signatures',
  stagingProductionTolerance: 'staging/production tolerance',
  allowExpeditedRollback: 'expedited rollback',
  allowUnscanned: 'unscanned artifacts',
  monitoringRules: 'monitoring rules',
  findingDeadlineDays: 'finding deadlines',
  reviewCadenceMonths: 'review cadence',
  triggeredReviewDays: 'days to sign a triggered review',
  requiredSignerIdentities: 'required model signers',
  requireTrainingLineage: 'training data in the lineage',
  requireDocumentation: 'system documentation',
  minDaysInStaging: 'time in staging',
};

/** What an absent rule means: no unscanned artifacts, no monitoring rule, no required signer, no lineage or documentation needed; otherwise absent is null. */
const ABSENT_MEANS: Partial<Record<keyof PolicyRules, unknown>> = { allowUnscanned: false, monitoringRules: [], requiredSignerIdentities: [], requireTrainingLineage: false, requireDocumentation: false };
const meaning = (rules: PolicyRules, key: keyof PolicyRules) => rules[key] ?? ABSENT_MEANS[key] ?? null;

/**
 * The rules a version changed from the one before it (a rule set, changed or removed), named in words, in the
 * editor's order; null for a policy's first version.
 */
export function changedRules(before: PolicyRules | null, after: PolicyRules): string[] | null {
  if (!before) return null;
  const differs = (key: keyof PolicyRules) => canonicalJson(meaning(before, key)) !== canonicalJson(meaning(after, key));
  return (Object.keys(RULE_NAMES) as (keyof PolicyRules)[]).filter(differs).map((key) => RULE_NAMES[key]);
}
