import type { HistogramPair } from '@/db/schema';

/** One figure to store, as either body form yields it (before the server computes anything). */
export type PointInput = {
  metric: string;
  feature: string | null;
  reportedValue: number | null;
  reportedDrift: boolean | null;
  histograms: HistogramPair | null;
};

/** Our names for drift statistics, from Evidently's stattest names and display names (and a few spellings). */
const METHOD_NAMES: Record<string, string> = {
  psi: 'psi',
  jensenshannon: 'js_distance',
  'jensen-shannon distance': 'js_distance',
  js: 'js_distance',
  wasserstein: 'wasserstein_normed',
  'wasserstein distance (normed)': 'wasserstein_normed',
  ks: 'ks_p_value',
  'k-s p_value': 'ks_p_value',
  chisquare: 'chisquare_p_value',
  'chi-square p_value': 'chisquare_p_value',
  z: 'z_p_value',
  'z-test p_value': 'z_p_value',
  kl_div: 'kl_div',
  'kullback-leibler divergence': 'kl_div',
  hellinger: 'hellinger',
  'hellinger distance (normed)': 'hellinger',
};

export const driftMethod = (method: string) => METHOD_NAMES[method.trim().toLowerCase()] ?? method.trim().toLowerCase().replace(/[^a-z0-9_.:-]+/g, '_');

/** p-value statistics signal drift when they fall below the threshold; distances when they reach it. */
export const isPValue = (metric: string) => metric.endsWith('p_value');

/** The values each known statistic can take: a p-value, a Jensen-Shannon or Hellinger distance lies in [0, 1]; PSI, KL divergence and the Wasserstein distance (normed by the reference's spread) are never negative. */
const BOUNDED = new Set(['js_distance', 'hellinger']);
const NON_NEGATIVE = new Set(['psi', 'kl_div', 'wasserstein_normed']);

/** Why `value` cannot be a figure of the drift statistic `method` (our name for it), or null: e.g. a -1 "not computed". */
export function driftValueProblem(method: string, value: number): string | null {
  if (isPValue(method) || BOUNDED.has(method)) return value < 0 || value > 1 ? `A ${method} lies between 0 and 1; ${value} is none.` : null;
  if (NON_NEGATIVE.has(method)) return value < 0 ? `A ${method} is never negative; ${value} is.` : null;
  return null;
}
