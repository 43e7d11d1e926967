import type { Comparator } from '@/db/schema';
import { formatMetricValue } from '@/lib/format/metric-value';

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
/**
 * A threshold recorded with a metric is the recorder's claim, not the policy's: tables name it so, and say where the
 * policy's own thresholds are judged.
 */
export const STATED_THRESHOLD = { label: 'Stated threshold', note: 'A stated threshold comes with the evidence, from whoever recorded it; the thresholds the promotion policy sets are judged in the gate.' };

export const thresholdText = (threshold: number | null, comparator: Comparator | null) => (threshold !== null && comparator ? `${COMPARATOR_SYMBOLS[comparator]} ${threshold}` : '—');

/**
 * A metric's value on the scale policies use (plain numbers, fractions for rates): a percentage is divided by 100;
 * any other unit cannot be compared with a unitless threshold, so it is null and never meets one.
 */
export function comparableValue(metric: { value: number; unit?: string | null }): number | null {
  if (metric.unit == null || metric.unit === '') return metric.value;
  return metric.unit === '%' ? metric.value / 100 : null;
}

/** "25.59%" or "0.813": the value as its source reported it. */
export const reportedValue = (metric: { value: number; unit?: string | null }) => formatMetricValue(metric.value, metric.unit);
