import type { PromotionTarget, RiskTier } from '@/db/schema';
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

/** The policies a fresh installation starts with; prohibited systems have none because they can never be promoted. */
export const DEFAULT_POLICIES: { riskTier: Exclude<RiskTier, 'prohibited'>; targetStage: PromotionTarget; rules: PolicyRulesInput }[] = [
  { riskTier: 'high', targetStage: 'staging', rules: rules(['performance', 'robustness'], [riskOfficer]) },
  { riskTier: 'high', targetStage: 'production', rules: rules(['performance', 'robustness', 'fairness', 'red_team'], [riskOfficer, securityReviewer], { stagingProductionTolerance: 0.05, maxEvidenceAgeDays: 90 }) },
  { riskTier: 'limited', targetStage: 'staging', rules: rules(['performance'], [riskOfficer]) },
  { riskTier: 'limited', targetStage: 'production', rules: rules(['performance', 'robustness'], [riskOfficer], { allowExpeditedRollback: true }) },
  { riskTier: 'minimal', targetStage: 'staging', rules: rules(['performance'], [riskOfficer]) },
  { riskTier: 'minimal', targetStage: 'production', rules: rules(['performance'], [riskOfficer], { allowExpeditedRollback: true }) },
];
