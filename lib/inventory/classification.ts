import type { RiskTier } from '@/db/schema';
import { Invalid } from '@/lib/errors';
import { proposeRiskTier, QUESTIONNAIRE_VERSION, TIER_ORDER, type RiskAnswers } from './risk-questionnaire';

type ClassificationInput = {
  riskTier: RiskTier;
  riskAnswers?: RiskAnswers;
  riskOverrideReason?: string;
  generalPurposeModel?: boolean;
};

/** Turns a chosen tier and questionnaire answers into the stored rationale; a lower tier than proposed needs a reason. */
export function resolveClassification(input: ClassificationInput, classifiedBy: string) {
  const classifiedAt = new Date().toISOString();
  if (!input.riskAnswers) {
    return {
      riskTier: input.riskTier,
      generalPurposeModel: input.generalPurposeModel ?? false,
      riskRationale: { questionnaire: null, chosenTier: input.riskTier, note: input.riskOverrideReason ?? '', classifiedBy, classifiedAt },
    };
  }
  const proposal = proposeRiskTier(input.riskAnswers);
  const overrideReason = input.riskOverrideReason?.trim() ?? '';
  if (TIER_ORDER[input.riskTier] < TIER_ORDER[proposal.tier] && !overrideReason) {
    throw new Invalid('A tier below the proposed one needs a reason.', [
      { path: 'riskOverrideReason', message: `The questionnaire proposes "${proposal.tier}"; explain why "${input.riskTier}" applies.` },
    ]);
  }
  return {
    riskTier: input.riskTier,
    generalPurposeModel: input.generalPurposeModel ?? proposal.generalPurposeModel,
    riskRationale: {
      questionnaire: QUESTIONNAIRE_VERSION,
      answers: input.riskAnswers,
      proposedTier: proposal.tier,
      reasons: proposal.reasons,
      chosenTier: input.riskTier,
      overrideReason,
      classifiedBy,
      classifiedAt,
    },
  };
}
