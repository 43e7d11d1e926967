import 'server-only';
import type { Db, Tx } from '@/db';
import type { RiskTier } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';
import { Invalid } from '@/lib/errors';
import { isoDateMonthsAfter, REVIEW_CADENCE_DEFAULTS, TRIGGERED_REVIEW_DAYS_DEFAULT } from '@/lib/findings/deadlines';
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

/**
 * Why `date` cannot be the next review date that `actor` sets for a system of this tier, or null. Anyone may bring a
 * review forward; a date further ahead than one review cadence from today is a postponement, which only a risk officer
 * (who signs reviews) may choose: otherwise an owner could schedule their system's first review in 9999.
 */
export async function reviewDateProblem(db: Db | Tx, actor: Actor, riskTier: RiskTier, date: string | null | undefined, now = new Date()): Promise<string | null> {
  if (!date || can(actor, 'review.sign')) return null;
  const { months, source } = await reviewCadenceMonths(db, riskTier);
  const latest = isoDateMonthsAfter(now, months);
  return date > latest ? `At most one review cadence ahead: on or before ${latest} (${months} months, the ${source}). Only a risk officer may set a later date.` : null;
}

/** `reviewDateProblem` as a refusal naming the field. */
export async function assertReviewDate(db: Db | Tx, actor: Actor, riskTier: RiskTier, date: string | null | undefined, now = new Date()) {
  const problem = await reviewDateProblem(db, actor, riskTier, date, now);
  if (problem) throw new Invalid(`The next review date is too far ahead. ${problem}`, [{ path: 'nextReviewDate', message: problem }]);
}
