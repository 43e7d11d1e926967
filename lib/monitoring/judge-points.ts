import { SEVERITIES, type MonitoringRule, type Severity } from '@/db/schema';
import { metricPassed } from '@/lib/evidence/metric';

export type JudgedPoint = {
  metric: string;
  feature: string | null;
  windowEnd: string;
  value: number | null;
  valueSource: 'computed' | 'reported';
  reportedValue: number | null;
  reportedDrift: boolean | null;
  computedPsi: number | null;
  computedJs: number | null;
};

export type Breach = {
  metric: string;
  feature: string | null;
  value: number;
  valueSource: 'computed' | 'reported';
  reportedValue: number | null;
  /** The producer said "no drift" while the figure breaches: the case server-side computation exists for. */
  contradictsProducer: boolean;
  rule: MonitoringRule;
};

const DAY_MS = 86_400_000;

/** The figure a rule reads from a point: the server's own PSI / JS when it computed one, else the point's value. */
export function figureFor(point: JudgedPoint, metric: string): { value: number; source: 'computed' | 'reported' } | null {
  if (metric === 'psi' && point.computedPsi !== null) return { value: point.computedPsi, source: 'computed' };
  if (metric === 'js_distance' && point.computedJs !== null) return { value: point.computedJs, source: 'computed' };
  if (point.metric === metric && point.value !== null) return { value: point.value, source: point.valueSource };
  return null;
}

/** A rule judges a result whose window ended within its last `windowDays` days before `now` (older results only chart). */
export const withinRuleWindow = (rule: MonitoringRule, windowEnd: string, now: Date) => Date.parse(windowEnd) >= now.getTime() - rule.windowDays * DAY_MS;

const worse = (a: Severity, b: Severity) => SEVERITIES.indexOf(a) < SEVERITIES.indexOf(b);

/**
 * Each point against each rule: a breach is `figure <comparator> threshold` (e.g. psi gte 0.25). One breach per
 * metric and feature, at the worst severity any rule gives it, so the finding it raises is one per series.
 */
export function judgePoints(points: JudgedPoint[], rules: MonitoringRule[], now: Date): Breach[] {
  const breaches = new Map<string, Breach>();
  for (const rule of rules) {
    for (const point of points) {
      if (rule.feature !== null && rule.feature !== point.feature) continue;
      if (!withinRuleWindow(rule, point.windowEnd, now)) continue;
      const figure = figureFor(point, rule.metric);
      if (!figure || !metricPassed(figure.value, rule.threshold, rule.comparator)) continue;
      const key = `${rule.metric}\u0000${point.feature ?? ''}`;
      const known = breaches.get(key);
      if (known && !worse(rule.severity, known.rule.severity)) continue;
      breaches.set(key, { metric: rule.metric, feature: point.feature, value: figure.value, valueSource: figure.source, reportedValue: point.reportedValue, contradictsProducer: point.reportedDrift === false, rule });
    }
  }
  return [...breaches.values()];
}
