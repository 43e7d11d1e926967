import { Invalid } from '@/lib/errors';
import { REPORT_FORMATS } from '@/db/schema/evidence';
import { formatOfDocument, formatOfName, startsGarakRun } from './detect-report-format';
import { parseCycloneDx } from './parse-cyclonedx';
import { parseGarak } from './parse-garak';
import { parsePipAudit } from './parse-pip-audit';
import { parsePromptfoo } from './parse-promptfoo';
import { parseSarif } from './parse-sarif';
import { parseJsonText, reportText } from './report-input';
import type { ParsedReport, ReportFormat } from './report-types';

const JSON_PARSERS = { sarif: parseSarif, 'pip-audit': parsePipAudit, cyclonedx: parseCycloneDx, promptfoo: parsePromptfoo } as const;

/**
 * Bytes a tool emitted -> server-computed metrics and issues. Pure and synchronous (the route runs it in a worker).
 * Throws Invalid with issues on `file` (unreadable, malformed) or `format` (not detected, or unknown). The file name
 * is a hint for when the content names no format, never over it.
 */
export function parseToolReport(bytes: Uint8Array, format?: ReportFormat, fileName?: string): ParsedReport {
  if (format !== undefined && !(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new Invalid(`Unknown report format; use one of ${REPORT_FORMATS.join(', ')}.`, [{ path: 'format', message: `Use one of ${REPORT_FORMATS.join(', ')}.` }]);
  }
  const text = reportText(bytes);
  const named = format === undefined ? formatOfName(fileName) : null;
  if (format === 'garak' || (format === undefined && (startsGarakRun(text) || named === 'garak'))) return parseGarak(text);
  const document = parseJsonText(text);
  const chosen = format ?? formatOfDocument(document) ?? named;
  if (chosen === null || chosen === 'garak') {
    throw new Invalid(`The report format could not be detected from the content; send the "format" field with one of: ${REPORT_FORMATS.join(', ')}.`, [
      { path: 'format', message: `Not detected; name one of ${REPORT_FORMATS.join(', ')}.` },
    ]);
  }
  return JSON_PARSERS[chosen](document);
}
