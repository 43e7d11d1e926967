import 'server-only';
import type { Db, Tx } from '@/db';
import type { RiskTier } from '@/db/schema';
import { REVIEW_CADENCE_DEFAULTS, TRIGGERED_REVIEW_DAYS_DEFAULT } from '@/lib/findings/deadlines';
import { currentPolicy } from '@/lib/promotion/policy-queries';

/** Months between periodic reviews: the tier's production policy, else the default (a prohibited system: the strictest). */
export async function reviewCadenceMonths(db: Db | Tx, riskTier: RiskTier): Promise<{ months: number; source: string }> {
  const tier = riskTier === 'prohibited' ? 'high' : riskTier;
  const policy = await currentPolicy(db, tier, 'production');
  if (policy?.rules.reviewCadenceMonths) return { months: policy.rules.reviewCadenceMonths, source: `${tier}-risk production policy v${policy.version}` };
  return { months: REVIEW_CADENCE_DEFAULTS[tier], source: 'default for the tier' };
}

/**
 * Days a risk officer has to sign a review once something triggers it: the tier's production policy, else the default.
 * Each trigger keeps the day it fixed when it was raised, as a finding keeps its due date.
 */
export async function triggeredReviewDays(db: Db | Tx, riskTier: RiskTier): Promise<{ days: number; source: string }> {
  const tier = riskTier === 'prohibited' ? 'high' : riskTier;
  const policy = await currentPolicy(db, tier, 'production');
  if (policy?.rules.triggeredReviewDays) return { days: policy.rules.triggeredReviewDays, source: `${tier}-risk production policy v${policy.version}` };
  return { days: TRIGGERED_REVIEW_DAYS_DEFAULT, source: 'default' };
}
