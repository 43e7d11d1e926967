import { thresholdText } from '@/lib/evidence/metric';
import type { CardContent } from './card-schema';

type Reading = { value: number; passed: boolean | null; performedAt: string };
export type MetricRow = { kind: string; name: string; threshold: string; staging: Reading | null; production: Reading | null };

/** One row per evidence kind and metric, with the latest staging and production readings side by side. */
export function metricComparison(evaluations: CardContent['evaluations']): MetricRow[] {
  const rows = new Map<string, MetricRow>();
  const byTime = [...evaluations].sort((a, b) => a.performedAt.localeCompare(b.performedAt));
  for (const e of byTime) {
    for (const m of e.metrics) {
      const key = `${e.kind}\u0000${m.name}`;
      const row = rows.get(key) ?? { kind: e.kind, name: m.name, threshold: '—', staging: null, production: null };
      row[e.environment] = { value: m.value, passed: m.passed, performedAt: e.performedAt };
      if (m.threshold !== null) row.threshold = thresholdText(m.threshold, m.comparator);
      rows.set(key, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
}
