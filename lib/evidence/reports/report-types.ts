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
 * Metric names the parsers emit (unit null: counts are plain numbers, rates fractions 0..1, so thresholds compare).
 * security_scan: critical_, high_, medium_, low_, unknown_severity_vulnerabilities and vulnerabilities_total (SARIF,
 * CycloneDX; pip-audit has no severity, so only vulnerabilities_total and unknown_severity_vulnerabilities), plus
 * SARIF results_total, suppressed_results, error_/warning_/note_level_results; CycloneDX not_affected_ and
 * resolved_vulnerabilities; pip-audit vulnerable_packages, fixable_vulnerabilities, skipped_dependencies.
 * red_team: attack_success_rate (worst pair, with bounds) and attack_success_rate_upper (garak; promptfoo red-team
 * runs), failed_probes, probes_total, `attack_success_rate:<probe>:<detector>` (garak); pass_rate, failed_tests,
 * `pass_rate:<assertion type>` (promptfoo).
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

/**
 * `key`: stable id for dedupe (rule id + location / CVE id + package / probe + detector). `suppressed`: the report
 * itself sets it aside (a SARIF suppression, a VEX not_affected or resolved): listed for the record, never a finding.
 */
export type ReportIssue = { key: string; severity: ReportSeverity; title: string; detail: string; suppressed: boolean };

export type ParsedReport = {
  format: ReportFormat;
  /** `robustness`: a promptfoo eval that is not a red-team run (its failing assertions are test results, not attacks). */
  kind: 'security_scan' | 'red_team' | 'robustness';
  /** The tool and version the report names, e.g. `Trivy 0.50.1`. */
  tool: string;
  summary: string;
  metrics: ParsedMetric[];
  /** Bounded (MAX_REPORT_ISSUES, worst first); what was left out is counted in `notes`. */
  issues: ReportIssue[];
  notes: string[];
  /** SHA-256 digests the report names for what it scanned (CycloneDX metadata.component, a SARIF analysisTarget). */
  subjectSha256: string[];
};

/** At most this many issues come back (worst first); a report with more says how many were left out. */
export const MAX_REPORT_ISSUES = 500;

export { parseToolReport } from './parse-tool-report';
export { detectReportFormat } from './detect-report-format';
