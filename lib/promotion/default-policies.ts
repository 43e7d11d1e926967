import type { MonitoringRule, PromotionTarget, RiskTier } from '@/db/schema';
import type { PolicyRulesInput } from './policy-schemas';

const rules = (kinds: PolicyRulesInput['requiredEvidenceKinds'], approvers: PolicyRulesInput['requiredApprovers'], extra: Partial<PolicyRulesInput> = {}): PolicyRulesInput => ({
  requiredEvidenceKinds: kinds,
  metricThresholds: [],
  maxEvidenceAgeDays: 180,
  requiredApprovers: approvers,
  stagingProductionTolerance: null,
  allowExpeditedRollback: false,
  ...extra,
});

const riskOfficer = { role: 'risk_officer' as const, count: 1 };
const securityReviewer = { role: 'security_reviewer' as const, count: 1 };

const PSI_CONVENTION = 'PSI rule of thumb: < 0.1 no significant shift, 0.1–0.25 moderate, ≥ 0.25 significant (Siddiqi, Credit Risk Scorecards, 2006)';
const EVIDENTLY_DISTANCE = "Evidently's default threshold for its jensenshannon and wasserstein stattests (0.1)";
const WHYLOGS_HELLINGER = "whylogs' HellingerConfig defaults: possible drift from 0.15, drift from 0.4 (whylogs/viz/drift/configs.py)";
const EVIDENTLY_SHARE = "Evidently's DataDriftPreset / DriftedColumnsCount default drift_share (0.5: the dataset drifts when half its columns do)";

/** A rule judges the results whose window ended in the last `windowDays` days (see lib/monitoring/judge-points.ts). */
const rule = (metric: string, threshold: number, severity: MonitoringRule['severity'], source: string, windowDays = 30): MonitoringRule => ({ metric, feature: null, comparator: 'gte', threshold, windowDays, severity, source });

/** Monitoring defaults per tier: the high tier escalates sooner; the minimal tier watches only significant shifts. */
const MONITORING: Record<Exclude<RiskTier, 'prohibited'>, MonitoringRule[]> = {
  high: [
    rule('psi', 0.1, 'medium', PSI_CONVENTION),
    rule('psi', 0.25, 'high', PSI_CONVENTION),
    rule('js_distance', 0.1, 'medium', EVIDENTLY_DISTANCE),
    rule('wasserstein_normed', 0.1, 'medium', EVIDENTLY_DISTANCE),
    rule('hellinger', 0.15, 'medium', WHYLOGS_HELLINGER),
    rule('hellinger', 0.4, 'high', WHYLOGS_HELLINGER),
    rule('drifted_columns_share', 0.5, 'high', EVIDENTLY_SHARE),
  ],
  limited: [
    rule('psi', 0.25, 'medium', PSI_CONVENTION),
    rule('js_distance', 0.1, 'low', EVIDENTLY_DISTANCE),
    rule('wasserstein_normed', 0.1, 'low', EVIDENTLY_DISTANCE),
    rule('hellinger', 0.4, 'medium', WHYLOGS_HELLINGER),
    rule('drifted_columns_share', 0.5, 'medium', EVIDENTLY_SHARE),
  ],
  minimal: [rule('psi', 0.25, 'low', PSI_CONVENTION), rule('drifted_columns_share', 0.5, 'low', EVIDENTLY_SHARE)],
};

/** Who wrote the default policies, as the policy history and the dashboard name them (they have no author row). */
export const DEFAULT_POLICY_AUTHOR = 'Provenant (default policies)';

/** The policies a fresh installation starts with; prohibited systems have none because they can never be promoted. */
export const DEFAULT_POLICIES: { riskTier: Exclude<RiskTier, 'prohibited'>; targetStage: PromotionTarget; rules: PolicyRulesInput }[] = [
  { riskTier: 'high', targetStage: 'staging', rules: rules(['performance', 'robustness'], [riskOfficer]) },
  { riskTier: 'high', targetStage: 'production', rules: rules(['performance', 'robustness', 'fairness', 'red_team'], [riskOfficer, securityReviewer], { stagingProductionTolerance: 0.05, maxEvidenceAgeDays: 90, minDaysInStaging: 0, requireDocumentation: true, monitoringRules: MONITORING.high }) },
  { riskTier: 'limited', targetStage: 'staging', rules: rules(['performance'], [riskOfficer]) },
  { riskTier: 'limited', targetStage: 'production', rules: rules(['performance', 'robustness'], [riskOfficer], { allowExpeditedRollback: true, monitoringRules: MONITORING.limited }) },
  { riskTier: 'minimal', targetStage: 'staging', rules: rules(['performance'], [riskOfficer]) },
  { riskTier: 'minimal', targetStage: 'production', rules: rules(['performance'], [riskOfficer], { allowExpeditedRollback: true, monitoringRules: MONITORING.minimal }) },
];
