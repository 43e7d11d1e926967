/**
 * Validates a safetensors header the way the reference Rust reader does (and a little stricter), without touching
 * the tensor data: the format cannot carry code, so the risks are a header that lies about where data is (reads
 * outside the file, overlapping tensors) and bytes no tensor claims (room to smuggle a payload).
 */
import type { FileHandle } from 'node:fs/promises';
import type { ScanFinding } from '@/db/schema/models';
import { statusOf, type ByteRange, type FormatScan } from './format-scan';
import { readAt } from './read-at';
import { plural } from '@/lib/words';

/** The reference implementation refuses larger headers; so do we, before reading them into memory. */
export const MAX_HEADER_BYTES = 100_000_000;
/** Bits per element of every dtype the format defines. */
const DTYPE_BITS: Record<string, number> = {
  F4: 4, F6_E2M3: 6, F6_E3M2: 6, BOOL: 8, U8: 8, I8: 8, F8_E5M2: 8, F8_E4M3: 8, F8_E8M0: 8, F8_E4M3FNUZ: 8, F8_E5M2FNUZ: 8,
  I16: 16, U16: 16, F16: 16, BF16: 16, I32: 32, U32: 32, F32: 32, C64: 64, F64: 64, I64: 64, U64: 64,
};
const PER_TENSOR_FINDINGS = 20;

export type SafetensorsScan = FormatScan;

const critical = (code: string, message: string): ScanFinding => ({ code, severity: 'critical', message });
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Checks one tensor entry; returns its byte range when the entry is valid. */
function checkTensor(name: string, entry: unknown, dataSize: number, findings: ScanFinding[]): [number, number] | undefined {
  const problem = (code: string, message: string) => {
    findings.push(critical(code, `tensor "${name}": ${message}`));
    return undefined;
  };
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return problem('malformed_header', 'entry is not an object');
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
  if (typeof dtype !== 'string' || !(dtype in DTYPE_BITS)) return problem('invalid_dtype', `unknown dtype ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape) || !shape.every(isCount)) return problem('invalid_shape', 'shape must be a list of non-negative integers');
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) return problem('malformed_header', 'data_offsets must be two non-negative integers');
  const [begin, end] = offsets as [number, number];
  if (begin > end) return problem('offsets_out_of_bounds', `data_offsets [${begin}, ${end}] end before they begin`);
  if (end > dataSize) return problem('offsets_out_of_bounds', `data_offsets [${begin}, ${end}] reach past the ${dataSize}-byte data area`);
  const bits = shape.reduce((product: bigint, dim: number) => product * BigInt(dim), 1n) * BigInt(DTYPE_BITS[dtype]!);
  if (bits % 8n !== 0n || bits / 8n !== BigInt(end - begin)) {
    return problem('size_mismatch', `${dtype} of shape [${shape.join(', ')}] needs ${bits % 8n === 0n ? `${bits / 8n} bytes` : 'a fractional number of bytes'} but data_offsets give ${end - begin}`);
  }
  return [begin, end];
}

/** Validates the JSON header (its raw bytes) against a data area of `dataSize` bytes. */
export function checkSafetensorsHeader(header: Uint8Array, dataSize: number): SafetensorsScan {
  const findings: ScanFinding[] = [];
  let parsed: unknown;
  try {
    if (header[0] !== 0x7b) throw new Error('the header does not start with "{"');
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(header));
  } catch (error) {
    return { status: 'unsafe', findings: [critical('malformed_header', `header is not valid UTF-8 JSON: ${(error as Error).message}`)] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { status: 'unsafe', findings: [critical('malformed_header', 'header is not a JSON object')] };
  }
  const ranges: { name: string; begin: number; end: number }[] = [];
  let tensorFindings: ScanFinding[] = [];
  for (const [name, entry] of Object.entries(parsed)) {
    if (name === '__metadata__') {
      const valid = typeof entry === 'object' && entry !== null && !Array.isArray(entry) && Object.values(entry).every((v) => typeof v === 'string');
      if (!valid) findings.push(critical('malformed_header', '__metadata__ must map strings to strings'));
      continue;
    }
    const range = checkTensor(name, entry, dataSize, tensorFindings);
    if (range) ranges.push({ name, begin: range[0], end: range[1] });
  }
  if (tensorFindings.length > PER_TENSOR_FINDINGS) {
    const more = tensorFindings.length - PER_TENSOR_FINDINGS;
    tensorFindings = [...tensorFindings.slice(0, PER_TENSOR_FINDINGS), critical('malformed_header', `${more} more invalid tensor entries are not listed`)];
  }
  findings.push(...tensorFindings);

  // Sorted by position, each tensor must start at or after the previous end; holes are bytes nobody reads.
  ranges.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  const holes: ByteRange[] = [];
  let previous: (typeof ranges)[number] | undefined;
  for (const range of ranges) {
    if (previous && range.begin < previous.end && range.begin < range.end) {
      findings.push(critical('overlapping_tensors', `tensors "${previous.name}" and "${range.name}" share bytes ${range.begin} to ${Math.min(previous.end, range.end)}`));
    }
    if (range.begin > covered) holes.push({ start: covered, end: range.begin });
    covered = Math.max(covered, range.end);
    if (!previous || range.end >= previous.end) previous = range;
  }
  if (dataSize > covered) holes.push({ start: covered, end: dataSize });
  const unreferenced = holes.reduce((sum, hole) => sum + hole.end - hole.start, 0);
  // Holes are only meaningful when every entry was valid; an invalid one leaves its own range uncounted.
  if (unreferenced > 0 && tensorFindings.length === 0) {
    findings.push({ code: 'unreferenced_bytes', severity: 'warning', message: `${unreferenced} bytes of the data area belong to no tensor (the reference reader refuses such files)` });
  }
  const status = statusOf(findings);
  if (status === 'clean') {
    findings.push({ code: 'safetensors_header', severity: 'info', message: `safetensors: ${plural(ranges.length, 'tensor')}, ${header.length}-byte header, ${dataSize} bytes of data` });
  }
  return { status, findings, unparsed: holes.length > 0 ? holes : undefined };
}

/** Reads only the 8-byte length and the header from an open file. */
export async function scanSafetensorsFile(handle: FileHandle, fileSize: number): Promise<SafetensorsScan> {
  if (fileSize < 8) return { status: 'unsafe', findings: [critical('malformed_header', 'file is shorter than the 8-byte header length')] };
  const prefix = await readAt(handle, 8, 0);
  const declared = prefix.readBigUInt64LE(0);
  if (declared > BigInt(MAX_HEADER_BYTES)) {
    return { status: 'unsafe', findings: [critical('header_too_large', `header length ${declared} exceeds the ${MAX_HEADER_BYTES}-byte limit`)] };
  }
  const length = Number(declared);
  if (8 + length > fileSize) {
    return { status: 'unsafe', findings: [critical('header_out_of_bounds', `header length ${length} reaches past the end of the ${fileSize}-byte file`)] };
  }
  const dataStart = 8 + length;
  const scan = checkSafetensorsHeader(await readAt(handle, length, 8), fileSize - dataStart);
  return { ...scan, unparsed: scan.unparsed?.map((hole) => ({ start: dataStart + hole.start, end: dataStart + hole.end })) };
}
