import { MAX_REPORT_ISSUES, type ParsedMetric, type ReportIssue, type ReportSeverity } from './report-types';

/** Worst first: the order issues are kept in when a report has more than the bound. */
const RANK: Record<ReportSeverity, number> = { critical: 0, high: 1, unknown: 2, medium: 3, low: 4, none: 5 };

/**
 * A CVSS-like score (0-10) as a severity, by GitHub code scanning's convention for `security-severity`:
 * over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low (docs.github.com, "About code scanning alerts").
 */
export function severityOfScore(score: number): ReportSeverity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'none';
}

/**
 * A red-team failure (attack success) rate as a severity, by garak's own DEFCON bands on the pass rate
 * (garak/analyze/__init__.py ABSOLUTE_DEFCON_BOUNDS: below 0.05 DC-1, 0.4 DC-2, 0.8 DC-3): any success is at least low.
 */
export function severityOfFailureRate(rate: number): ReportSeverity {
  const passRate = 1 - rate;
  if (passRate < 0.05) return 'critical';
  if (passRate < 0.4) return 'high';
  if (passRate < 0.8) return 'medium';
  return 'low';
}

export const worseOf = (a: ReportSeverity, b: ReportSeverity) => (RANK[a] <= RANK[b] ? a : b);

type Ranked = Pick<ReportIssue, 'severity' | 'suppressed'>;

/**
 * Unsuppressed before suppressed, then worst first, in report order within a severity; at most MAX_REPORT_ISSUES,
 * the rest counted in a note. `build` makes the full issue only for those kept (a 50 MB scan may hold 100,000).
 */
export function boundIssues<T extends Ranked>(candidates: T[], notes: string[], build: (candidate: T) => ReportIssue = (c) => c as unknown as ReportIssue): ReportIssue[] {
  const sorted = [...candidates].sort((a, b) => Number(a.suppressed) - Number(b.suppressed) || RANK[a.severity] - RANK[b.severity]);
  if (sorted.length > MAX_REPORT_ISSUES) notes.push(`${(sorted.length - MAX_REPORT_ISSUES).toLocaleString('en')} more issues were left out of the list (the ${MAX_REPORT_ISSUES} worst are kept); the counts include them.`);
  return sorted.slice(0, MAX_REPORT_ISSUES).map(build);
}

export type SeverityCounts = Record<ReportSeverity, number>;
export const emptyCounts = (): SeverityCounts => ({ critical: 0, high: 0, medium: 0, low: 0, none: 0, unknown: 0 });

export const countMetric = (name: string, value: number, description: string): ParsedMetric => ({
  name,
  metricType: name,
  value,
  unit: null,
  lowerBound: null,
  upperBound: null,
  description,
});

/** critical_vulnerabilities ... unknown_severity_vulnerabilities and vulnerabilities_total, from counted open items. */
export function severityMetrics(counts: SeverityCounts, what: string): ParsedMetric[] {
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  return [
    countMetric('critical_vulnerabilities', counts.critical, `Critical ${what}`),
    countMetric('high_vulnerabilities', counts.high, `High-severity ${what}`),
    countMetric('medium_vulnerabilities', counts.medium, `Medium-severity ${what}`),
    countMetric('low_vulnerabilities', counts.low, `Low-severity ${what}`),
    countMetric('unknown_severity_vulnerabilities', counts.unknown, `${what[0]!.toUpperCase()}${what.slice(1)} whose severity the report does not give`),
    countMetric('vulnerabilities_total', total, `All ${what}, every severity`),
  ];
}
