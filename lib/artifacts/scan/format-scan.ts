/**
 * What each format parser answers: a status, findings, and the byte ranges it could not account for (a parser that
 * did not reach the end of the file, or bytes no structure claims). Those ranges are never clean: the caller
 * searches them for an embedded pickle.
 */
import type { ScanFinding, ScanStatus } from '@/db/schema/models';

export type ByteRange = { start: number; end: number };
export type FormatScan = { status: ScanStatus; findings: ScanFinding[]; unparsed?: ByteRange[] };

export function statusOf(findings: ScanFinding[]): ScanStatus {
  if (findings.some((f) => f.severity === 'critical')) return 'unsafe';
  return findings.some((f) => f.severity === 'warning') ? 'unknown' : 'clean';
}

export const finding = (code: string, severity: ScanFinding['severity'], message: string): ScanFinding => ({ code, severity, message });
