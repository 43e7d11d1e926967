import { isObject, type Json } from './report-input';
import type { ReportFormat } from './report-types';

const FIRST_LINE_LIMIT = 8 * 1024 * 1024;
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Format by content: SARIF (`version` 2.1.0 or a sarif `$schema`, with `runs`), CycloneDX (`bomFormat`), garak
 * (JSON Lines opening with `start_run setup` or `init`), promptfoo (`evalId`, or `results.results`), pip-audit
 * (`dependencies[].vulns`, or the older bare array). The file name only breaks the case where nothing matches.
 */
export function detectReportFormat(bytes: Uint8Array, fileName?: string): ReportFormat | null {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return null;
  }
  if (startsGarakRun(text)) return 'garak';
  let document: Json;
  try {
    document = JSON.parse(text) as Json;
  } catch {
    return formatOfName(fileName);
  }
  return formatOfDocument(document) ?? formatOfName(fileName);
}

/** garak writes one JSON object per line, the first `start_run setup` (0.9+) or `init`. */
export function startsGarakRun(text: string): boolean {
  const start = text.search(/\S/);
  if (start === -1 || text[start] !== '{') return false;
  const newline = text.indexOf('\n', start);
  const end = newline === -1 ? text.length : newline;
  if (end - start > FIRST_LINE_LIMIT) return false;
  try {
    const first = JSON.parse(text.slice(start, end)) as Json;
    return isObject(first) && (first.entry_type === 'start_run setup' || first.entry_type === 'init');
  } catch {
    return false;
  }
}

export function formatOfDocument(document: Json): ReportFormat | null {
  if (Array.isArray(document)) return document.length > 0 && document.every((item) => isObject(item) && typeof item.name === 'string' && ('vulns' in item || 'skip_reason' in item)) ? 'pip-audit' : null;
  if (!isObject(document)) return null;
  if (document.bomFormat === 'CycloneDX') return 'cyclonedx';
  const schema = typeof document.$schema === 'string' ? document.$schema.toLowerCase() : '';
  if (Array.isArray(document.runs) && (document.version === '2.1.0' || schema.includes('sarif'))) return 'sarif';
  if (typeof document.evalId === 'string' || (isObject(document.results) && Array.isArray(document.results.results))) return 'promptfoo';
  if (Array.isArray(document.dependencies) && (Array.isArray(document.fixes) || document.dependencies.some((d) => isObject(d) && ('vulns' in d || 'skip_reason' in d)))) return 'pip-audit';
  return null;
}

/** The file name's word, used only when the content says nothing (a garak report cut before its opening entries). */
export function formatOfName(fileName: string | undefined): ReportFormat | null {
  const name = (fileName ?? '').toLowerCase();
  if (/\.sarif(\.json)?$/.test(name)) return 'sarif';
  if (/\.report\.jsonl$/.test(name)) return 'garak';
  if (/(\.cdx\.json|bom\.json|vex\.json)$/.test(name)) return 'cyclonedx';
  return null;
}
