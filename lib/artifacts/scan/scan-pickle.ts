/**
 * Scans pickle bytes for what they would import and call if loaded, and turns that into findings and a status:
 * 'unsafe' on any import outside the allowlist (or a call or import the bytes cannot pin down), 'clean' only when
 * every stream disassembled to its STOP with nothing but allowlisted imports, 'unknown' otherwise (malformed,
 * truncated, over a limit). Bytes are pushed in chunks; nothing is ever unpickled.
 */
import { plural } from '@/lib/words';
import type { ScanFinding, ScanStatus } from '@/db/schema/models';
import { PickleDisassembler, type PickleOp } from './pickle-disassembler';
import { canonicalImport, classifyImport, type ImportVerdict } from './pickle-policy';
import { PickleStackTracker, type PickleImport } from './pickle-stack';

export type PickleImportReport = PickleImport & { verdict: ImportVerdict };
export type PickleScanResult = {
  status: ScanStatus;
  findings: ScanFinding[];
  imports: PickleImportReport[];
  /** Complete pickle streams (up to STOP) disassembled. */
  streams: number;
  /** Where disassembly failed (malformed, truncated, trailing bytes), if it did. */
  failedAt?: number;
  /** The offset just past the last STOP seen. */
  stopEnd: number;
};
export type PickleScanOptions = {
  /** Prefix for messages, e.g. the archive entry name. */
  label?: string;
  /** Stop after this many streams: legacy torch.save files hold five pickles followed by raw storage bytes. */
  maxStreams?: number;
  /** Nesting depth of an embedded pickle (internal). */
  depth?: number;
};
export type PickleScanner = {
  /** Feeds the next chunk; returns false once the scanner needs no more input. */
  write(chunk: Uint8Array): boolean;
  end(): PickleScanResult;
};

/** Per kind, at most this many findings are listed one by one; the rest are summarised. */
const FINDINGS_PER_KIND = 50;
/** Bytes arguments that look like a pickle of their own are scanned too, this many levels deep. */
const MAX_NESTING = 2;
const NESTED_CODES = new Set(['unsafe_serialization', 'unknown_import', 'indirect_call']);

function describe(imp: PickleImport): string {
  const canonical = canonicalImport(imp.module, imp.name);
  const written = `${imp.module}.${imp.name}`;
  const name = canonical === written ? canonical : `${written} (${canonical})`;
  const call = imp.call ? `, called by ${imp.call.opcode} at byte ${imp.call.offset}` : '';
  return `${name} (${imp.opcode} at byte ${imp.offset}${call}${imp.count > 1 ? `, ${imp.count} times` : ''})`;
}

function capped(findings: ScanFinding[], severity: ScanFinding['severity'], code: string, label: string): ScanFinding[] {
  if (findings.length <= FINDINGS_PER_KIND) return findings;
  const more = findings.length - FINDINGS_PER_KIND;
  return [...findings.slice(0, FINDINGS_PER_KIND), { code, severity, message: `${label}${more} more imports of this kind are not listed` }];
}

export function createPickleScanner(options: PickleScanOptions = {}): PickleScanner {
  const label = options.label ? `${options.label}: ` : '';
  const depth = options.depth ?? 0;
  const tracker = new PickleStackTracker();
  const nested: ScanFinding[] = [];

  const inspectNested = (op: PickleOp) => {
    const data = op.data!;
    if (depth >= MAX_NESTING || op.name.startsWith('LONG') || nested.length >= FINDINGS_PER_KIND) return;
    if (data.length < 2 || data[0] !== 0x80 || data[1]! < 2 || data[1]! > 5) return;
    const inner = scanPickleBytes(data, { depth: depth + 1 });
    for (const finding of inner.findings) {
      if (NESTED_CODES.has(finding.code)) nested.push({ ...finding, message: `${label}in a pickle embedded in ${op.name} at byte ${op.offset}: ${finding.message}` });
    }
  };

  let stopEnd = 0;
  const disassembler: PickleDisassembler = new PickleDisassembler((op) => {
    if (op.name === 'STOP') stopEnd = op.offset + 1;
    tracker.apply(op);
    if (tracker.failure) return disassembler.halt();
    if (op.data) inspectNested(op);
    if (op.name === 'STOP' && options.maxStreams !== undefined && disassembler.streams >= options.maxStreams) disassembler.halt();
  });

  const result = (): PickleScanResult => {
    const imports = tracker.log.imports.map((imp) => ({ ...imp, verdict: classifyImport(imp.module, imp.name) }));
    const dangerous: ScanFinding[] = imports
      .filter((imp) => imp.verdict === 'dangerous')
      .map((imp) => ({ code: 'unsafe_serialization', severity: 'critical', message: `${label}imports ${describe(imp)}, which can run code or reach the system when the file is loaded` }));
    for (const entry of tracker.log.unresolved.filter((u) => u.opcode === 'STACK_GLOBAL')) {
      dangerous.push({ code: 'unsafe_serialization', severity: 'critical', message: `${label}STACK_GLOBAL at byte ${entry.offset} imports a callable the scanner cannot name: ${entry.reason}` });
    }
    // Whatever is not on the allowlist may run code when imported or called: unsafe, not a warning.
    const unknown: ScanFinding[] = imports
      .filter((imp) => imp.verdict === 'unknown')
      .map((imp) => ({ code: 'unknown_import', severity: 'critical', message: `${label}imports ${describe(imp)}, which is not on the allowlist of tensor-rebuild callables` }));
    for (const entry of tracker.log.unresolved.filter((u) => u.opcode !== 'STACK_GLOBAL')) {
      unknown.push({ code: 'unknown_import', severity: 'critical', message: `${label}${entry.opcode} at byte ${entry.offset}: ${entry.reason}` });
    }
    const findings = [...capped(dangerous, 'critical', 'unsafe_serialization', label), ...capped(unknown, 'critical', 'unknown_import', label), ...nested];
    const indirect = tracker.log.indirectCalls[0];
    if (indirect) {
      findings.push({ code: 'indirect_call', severity: 'critical', message: `${label}${indirect.opcode} at byte ${indirect.offset} calls something that is not a direct import, such as the result of another call (${tracker.log.indirectCalls.length} such calls)` });
    }
    const failure = disassembler.failure ?? tracker.failure;
    if (failure) findings.push(failureFinding(failure, disassembler.streams, label));
    const status: ScanStatus = findings.some((f) => f.severity === 'critical') ? 'unsafe' : findings.some((f) => f.severity === 'warning') ? 'unknown' : 'clean';
    if (status === 'clean') {
      const streams = disassembler.streams === 1 ? '1 stream' : `${disassembler.streams} streams`;
      findings.push({ code: 'pickle_scanned', severity: 'info', message: `${label}pickle protocol ${tracker.protocol}, ${streams}, ${imports.length} distinct imports, all on the allowlist` });
    }
    return { status, findings, imports, streams: disassembler.streams, failedAt: failure?.offset, stopEnd };
  };

  return {
    write(chunk) {
      disassembler.write(chunk);
      return !disassembler.done;
    },
    end() {
      disassembler.end();
      return result();
    },
  };
}

function failureFinding(failure: { kind: string; offset: number; message: string }, streams: number, label: string): ScanFinding {
  if (failure.kind === 'limit') return { code: 'scan_limit', severity: 'warning', message: `${label}scan stopped: ${failure.message}` };
  if (streams > 0) {
    return { code: 'trailing_data', severity: 'warning', message: `${label}after ${plural(streams, 'complete pickle stream')}, the bytes from ${failure.offset} on are not a valid pickle (${failure.message}); a loader reading further pickles would meet them` };
  }
  const code = failure.kind === 'truncated' ? 'truncated_pickle' : 'malformed_pickle';
  return { code, severity: 'warning', message: `${label}${failure.message}` };
}

export function scanPickleBytes(bytes: Uint8Array, options: PickleScanOptions = {}): PickleScanResult {
  const scanner = createPickleScanner(options);
  scanner.write(bytes);
  return scanner.end();
}

/** Scans a stream (a file or archive entry read stream); stops reading once the scanner is done. */
export async function scanPickleStream(source: AsyncIterable<Uint8Array>, options: PickleScanOptions = {}): Promise<PickleScanResult> {
  const scanner = createPickleScanner(options);
  try {
    for await (const chunk of source) {
      if (!scanner.write(chunk)) break;
    }
  } catch (error) {
    // Keep what was found before the read failed: an import already seen is still reported.
    const result = scanner.end();
    const message = `${options.label ? `${options.label}: ` : ''}reading stopped early: ${(error as Error).message}`;
    result.findings.push({ code: 'read_error', severity: 'warning', message });
    return { ...result, status: result.status === 'unsafe' ? 'unsafe' : 'unknown', findings: result.findings.filter((f) => f.code !== 'pickle_scanned') };
  }
  return scanner.end();
}
