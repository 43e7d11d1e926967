import type { CardView } from './load-card';

type Metric = CardView['content']['evaluations'][number]['metrics'][number];
export type MetricOrigin = 'computed' | 'self-reported';

/**
 * Each figure's origin as the exports name it: computed by the server from a tool report, else self-reported (typed
 * or imported as the caller said). A snapshot frozen before origins existed carries none (no computed metric, no
 * report): its exports keep the bytes they had, so this is null for it.
 */
export function metricOrigins(view: CardView): ((m: Metric) => MetricOrigin) | null {
  const { evaluations } = view.content;
  const knowsOrigins = view.source === 'current' || evaluations.some((e) => e.report || e.metrics.some((m) => m.origin));
  return knowsOrigins ? (m) => (m.origin === 'computed' ? 'computed' : 'self-reported') : null;
}
