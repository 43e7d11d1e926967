import type { Comparator } from '@/db/schema';

export const COMPARATOR_SYMBOLS: Record<Comparator, string> = { gte: '≥', gt: '>', lte: '≤', lt: '<', eq: '=' };

/** Whether a metric meets its threshold; null when it has none. Computed by the server, never taken from the caller. */
export function metricPassed(value: number, threshold: number | null | undefined, comparator: Comparator | null | undefined): boolean | null {
  if (threshold == null || comparator == null) return null;
  switch (comparator) {
    case 'gte':
      return value >= threshold;
    case 'gt':
      return value > threshold;
    case 'lte':
      return value <= threshold;
    case 'lt':
      return value < threshold;
    case 'eq':
      return value === threshold;
  }
}

/** "≥ 0.8", or a dash when the metric has no threshold. */
export const thresholdText = (threshold: number | null, comparator: Comparator | null) => (threshold !== null && comparator ? `${COMPARATOR_SYMBOLS[comparator]} ${threshold}` : '—');
