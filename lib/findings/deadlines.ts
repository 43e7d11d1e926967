import type { RiskTier, Severity } from '@/db/schema';

/**
 * Days to remediate by severity when a policy sets none: the common 7/30/90/180 tiers of vulnerability-management
 * and model-risk practice (e.g. CISA BOD 22-01's two weeks for known exploited flaws, tightened for critical).
 */
export const FINDING_DEADLINE_DEFAULTS: Record<Severity, number> = { critical: 7, high: 30, medium: 90, low: 180 };

/** Months between periodic reviews by tier when a policy sets none: materiality-based, high risk at least yearly. */
export const REVIEW_CADENCE_DEFAULTS: Record<Exclude<RiskTier, 'prohibited'>, number> = { high: 12, limited: 24, minimal: 36 };

/** Days to sign a triggered review when the tier's production policy sets none: a month, as for a high finding. */
export const TRIGGERED_REVIEW_DAYS_DEFAULT = 30;

/** The ISO date `days` after `from` (UTC). */
export function isoDateAfter(from: Date, days: number): string {
  return new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The ISO date `months` calendar months after `from` (UTC), clamped to the month's last day. */
export function isoDateMonthsAfter(from: Date, months: number): string {
  const target = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(from.getUTCDate(), lastDay));
  return target.toISOString().slice(0, 10);
}
