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
    // Said for both readers: a person at the form (its Format menu) and a pipeline (the `format` field).
    throw new Invalid(`The report's format could not be recognised from its content. Choose the tool that wrote it under Format (through the API, the "format" field: ${REPORT_FORMATS.join(', ')}).`, [
      { path: 'format', message: 'Not recognised from the content: choose the tool that wrote it.' },
    ]);
  }
  return JSON_PARSERS[chosen](document);
}
