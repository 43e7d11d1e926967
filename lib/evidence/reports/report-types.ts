/**
 * What a tool report becomes once the server has parsed it: metrics it computed itself and the issues worth a
 * finding. Pure types: the parsers run in a worker thread, so nothing here touches the database or `server-only`.
 */
import type { ReportFormat } from '@/db/schema/evidence';

export type { ReportFormat };

/** `unknown`: the tool gave no severity (pip-audit) or only a SARIF `level`, which cannot tell critical from high. */
export type ReportSeverity = 'critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown';

export const REPORT_SEVERITIES: readonly ReportSeverity[] = ['critical', 'high', 'medium', 'low', 'none', 'unknown'];

/**
 * Metric names the parsers emit (units null: counts are plain numbers, rates are fractions 0..1, so policy thresholds
 * compare directly). security_scan: critical_vulnerabilities, high_vulnerabilities, medium_vulnerabilities,
 * low_vulnerabilities, unknown_severity_vulnerabilities, vulnerabilities_total, suppressed_results (SARIF), results_total
 * (SARIF), vulnerable_packages + fixable_vulnerabilities (pip-audit), not_affected_vulnerabilities (CycloneDX VEX).
 * red_team: attack_success_rate (+ lower/upper bounds when known), attack_success_rate_upper, pass_rate (promptfoo),
 * failed_probes / failed_tests.
 */
export type ParsedMetric = {
  name: string;
  metricType: string;
  value: number;
  unit: string | null;
  lowerBound: number | null;
  upperBound: number | null;
  description: string;
};

/** `key`: stable id for dedupe (rule id + location / CVE id + package / probe + detector). */
export type ReportIssue = { key: string; severity: ReportSeverity; title: string; detail: string; suppressed: boolean };

export type ParsedReport = {
  format: ReportFormat;
  kind: 'security_scan' | 'red_team';
  /** The tool and version the report names, e.g. `Trivy 0.50.1`. */
  tool: string;
  summary: string;
  metrics: ParsedMetric[];
  /** Bounded (MAX_REPORT_ISSUES, worst first); what was left out is counted in `notes`. */
  issues: ReportIssue[];
  notes: string[];
};

/** At most this many issues come back (worst first); a report with more says how many were left out. */
export const MAX_REPORT_ISSUES = 500;

export { parseToolReport } from './parse-tool-report';
export { detectReportFormat } from './detect-report-format';
