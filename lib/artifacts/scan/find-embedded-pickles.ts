/**
 * Pickles hidden where a format parser did not look: bytes after a valid-looking header that fails, trailing data,
 * holes between tensors. Every plausible pickle start (a PROTO opcode, or a protocol 0 GLOBAL/INST line pair) is
 * disassembled on its own; one that imports something and either completes or imports a dangerous name is a pickle
 * payload. Bounded: a fixed number of bytes read and candidates tried, however large the file.
 */
import type { FileHandle } from 'node:fs/promises';
import type { ScanFinding } from '@/db/schema/models';
import type { ByteRange } from './format-scan';
import { yieldToLoop } from '@/lib/map-in-steps';
import { readAt } from './read-at';
import { scanPickleBytes, type PickleScanResult } from './scan-pickle';

const SWEEP_BYTES = 16 << 20;
const MAX_CANDIDATES = 512;
/** Bytes disassembled per candidate: at most 64 KiB, less when there are many, within 2 MiB for the whole search. */
const WINDOW = 64 << 10;
const MIN_WINDOW = 4 << 10;
const DISASSEMBLY_BUDGET = 2 << 20;
const MAX_REPORTED = 5;
const TEXT_OPCODE = /[ci][A-Za-z_][\w.]{0,200}\n[A-Za-z_][\w.]{0,200}\n/g;
const latin1 = new TextDecoder('latin1');

/** Why a disassembly of some bytes is a pickle payload, or undefined when those bytes would not load as one. */
export function pickleThreat(result: PickleScanResult): string | undefined {
  const dangerous = result.imports.find((i) => i.verdict === 'dangerous');
  const imports = result.imports.length > 0 || result.findings.some((f) => f.code === 'unsafe_serialization' || f.code === 'unknown_import');
  if (!dangerous && !(imports && result.streams > 0)) return undefined;
  const reason = result.findings.find((f) => f.severity === 'critical')?.message;
  if (reason) return reason;
  return `imports ${result.imports.map((i) => `${i.module}.${i.name}`).slice(0, 3).join(', ')}`;
}

function candidates(bytes: Uint8Array): number[] {
  const found = new Set<number>();
  for (let i = bytes.indexOf(0x80); i >= 0 && found.size < MAX_CANDIDATES; i = bytes.indexOf(0x80, i + 1)) {
    if (bytes[i + 1]! >= 2 && bytes[i + 1]! <= 5) found.add(i);
  }
  const text = latin1.decode(bytes);
  for (const match of text.matchAll(TEXT_OPCODE)) {
    if (found.size >= MAX_CANDIDATES * 2) break;
    found.add(match.index);
  }
  return [...found].sort((a, b) => a - b).slice(0, MAX_CANDIDATES);
}

/** Candidates disassembled between two yields to the event loop, so a long search never stalls other requests. */
const CANDIDATES_PER_TURN = 16;

/** Findings for pickle payloads in `bytes`, whose first byte is at file offset `base`. */
export async function findPicklesInBytes(bytes: Uint8Array, base: number, label = ''): Promise<ScanFinding[]> {
  const findings: ScanFinding[] = [];
  let skipUntil = -1;
  const starts = candidates(bytes);
  const window = Math.max(MIN_WINDOW, Math.min(WINDOW, Math.floor(DISASSEMBLY_BUDGET / Math.max(1, starts.length))));
  for (const [i, start] of starts.entries()) {
    if (i > 0 && i % CANDIDATES_PER_TURN === 0) await yieldToLoop();
    if (start < skipUntil) continue;
    const result = scanPickleBytes(bytes.subarray(start, start + window));
    const threat = pickleThreat(result);
    if (!threat) continue;
    findings.push({ code: 'embedded_pickle', severity: 'critical', message: `${label}a pickle starts at byte ${base + start}, in bytes the format does not account for: ${threat}` });
    if (findings.length >= MAX_REPORTED) break;
    skipUntil = start + window;
  }
  return findings;
}

/** Searches the first SWEEP_BYTES of the given ranges of an open file. */
export async function findEmbeddedPickles(handle: FileHandle, ranges: ByteRange[], label = ''): Promise<ScanFinding[]> {
  const findings: ScanFinding[] = [];
  let budget = SWEEP_BYTES;
  for (const { start, end } of ranges) {
    if (budget <= 0 || findings.length >= MAX_REPORTED) break;
    const length = Math.min(end - start, budget);
    if (length <= 0) continue;
    budget -= length;
    findings.push(...(await findPicklesInBytes(await readAt(handle, length, start), start, label)));
  }
  return findings.slice(0, MAX_REPORTED);
}
