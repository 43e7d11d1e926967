import type { ReportFormat } from './report-types';

/** Format by content (the file name is a hint only); null when nothing matches. */
export function detectReportFormat(_bytes: Buffer, _fileName?: string): ReportFormat | null {
  return null;
}
