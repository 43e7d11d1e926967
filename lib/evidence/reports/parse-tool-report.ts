import { Invalid } from '@/lib/errors';
import type { ParsedReport, ReportFormat } from './report-types';
import { detectReportFormat } from './detect-report-format';

/**
 * Bytes a tool emitted -> server-computed metrics and issues. Pure and synchronous (the route runs it in a worker).
 * Throws Invalid with issues on `file` (unreadable, malformed) or `format` (not detected, or not the one named).
 */
export function parseToolReport(bytes: Buffer, format?: ReportFormat): ParsedReport {
  const chosen = format ?? detectReportFormat(bytes);
  if (!chosen) throw new Invalid('The report format could not be detected; name it.', [{ path: 'format', message: 'Not detected.' }]);
  throw new Invalid(`Parsing ${chosen} reports is not implemented yet.`, [{ path: 'format', message: 'Not implemented yet.' }]);
}
