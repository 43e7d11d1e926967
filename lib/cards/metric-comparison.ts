import { thresholdText } from '@/lib/evidence/metric';
import type { CardContent } from './card-schema';

type Reading = { value: number; unit?: string; passed: boolean | null; performedAt: string; origin: 'computed' | 'claimed' };
export type MetricRow = { kind: string; name: string; threshold: string; staging: Reading | null; production: Reading | null };

/** How a reading is marked on cards: a figure the server did not compute from a report it holds is self-reported. */
export const originMark = (r: Reading) => (r.origin === 'computed' ? 'computed' : 'self-reported');

/**
 * One row per evidence kind and metric, with the latest staging and production readings side by side. The card lists
 * evaluations in receipt order (the server's, never a claimed date), so the last one read is the latest.
 */
export function metricComparison(evaluations: CardContent['evaluations']): MetricRow[] {
  const rows = new Map<string, MetricRow>();
  for (const e of evaluations) {
    for (const m of e.metrics) {
      const key = `${e.kind}\u0000${m.name}`;
      const row = rows.get(key) ?? { kind: e.kind, name: m.name, threshold: '—', staging: null, production: null };
      row[e.environment] = { value: m.value, unit: m.unit, passed: m.passed, performedAt: e.performedAt, origin: m.origin ?? 'claimed' };
      if (m.threshold !== null) row.threshold = thresholdText(m.threshold, m.comparator);
      rows.set(key, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
}
