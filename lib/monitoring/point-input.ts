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
