/**
 * Scans an artifact file on disk without loading it. The format comes from the bytes, and its parser must account
 * for the file end to end before it may call it clean; pickles (plain, in any ZIP entry, in a NumPy object array)
 * are disassembled, never unpickled. Whatever the format, the file is also read as pickle.load would read it from
 * its first byte (a polyglot is unsafe), and bytes no parser accounted for are searched for pickles.
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { ModelFormat, ScanFinding, ScanStatus } from '@/db/schema/models';
import { withoutBidiControls } from '@/lib/http/well-formed';
import { HEAD_BYTES, sniffFormat } from './detect-format';
import { storagesReachEnd } from './legacy-torch-storages';
import { findEmbeddedPickles, pickleThreat } from './find-embedded-pickles';
import { finding, statusOf, type FormatScan } from './format-scan';
import { readAt } from './read-at';
import { UNRECOGNIZED_FORMAT } from './unrecognized-format';
import { scanArchive } from './scan-archive';
import { scanGgufFile } from './scan-gguf';
import { checkNpyHeader } from './scan-npy';
import { scanOnnxFile } from './scan-onnx';
import { createPickleScanner, scanPickleStream } from './scan-pickle';
import { scanSafetensorsFile } from './scan-safetensors';

export type { ModelFormat, ScanFinding, ScanStatus };
/**
 * Bumped whenever the scanner learns to see more: a verdict of an older scanner is never taken as clean (the gate
 * reads it as unknown) until the bytes are scanned again (re-upload, or `npm run cli -- artifacts rescan`).
 */
export const SCANNER_VERSION = 2;

export type ArtifactScan = { status: ScanStatus; findings: ScanFinding[]; scannerVersion?: number };

/** Whether a stored verdict comes from this scanner. */
export const isCurrentScan = (scan: unknown): scan is ArtifactScan => (scan as ArtifactScan | null)?.scannerVersion === SCANNER_VERSION;
export type ArtifactScanResult = { format: ModelFormat; scan: ArtifactScan };

/** torch.save's legacy (pre-ZIP) format: a pickled magic number first, then four more pickles, then raw storages. */
const LEGACY_TORCH_MAGIC = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e];
const LEGACY_TORCH_PICKLES = 5;
/** Findings kept per scan, and characters per message: they are stored with the version and enter the audit trail. */
const MAX_FINDINGS = 40;
const MAX_MESSAGE = 400;
const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

const stream = (filePath: string, start = 0) => createReadStream(filePath, { start, highWaterMark: 64 * 1024 });

async function scanPickleFile(handle: FileHandle, filePath: string, head: Uint8Array, size: number): Promise<FormatScan> {
  const legacy = LEGACY_TORCH_MAGIC.every((byte, i) => head[i] === byte);
  const source = stream(filePath);
  let result;
  try {
    result = await scanPickleStream(source, legacy ? { maxStreams: LEGACY_TORCH_PICKLES } : {});
  } finally {
    source.destroy();
  }
  const { findings, failedAt, streams, stopEnd } = result;
  let unparsed = failedAt === undefined ? undefined : [{ start: failedAt, end: size }];
  if (legacy && streams === LEGACY_TORCH_PICKLES) {
    const accounted = await storagesReachEnd(handle, stopEnd, size);
    if (accounted) findings.push(finding('legacy_torch_format', 'info', `legacy torch.save file: its ${LEGACY_TORCH_PICKLES} pickles were scanned and the raw storages after them run, record by record, to the end of the file`));
    else {
      findings.push(finding('trailing_data', 'warning', `legacy torch.save file: the ${size - stopEnd} bytes after its ${LEGACY_TORCH_PICKLES} pickles ${accounted === false ? 'are not a sequence of size-prefixed storages ending at the end of the file' : 'hold more storage records than the scanner follows'}`));
      unparsed = [{ start: stopEnd, end: size }];
    }
  }
  const status = statusOf(findings);
  return { status, findings: status === 'clean' ? findings : findings.filter((f) => f.code !== 'pickle_scanned'), unparsed };
}

/** A .npy file: the header decides; an object array's pickle payload is scanned too, to name what it imports. */
async function scanNpyFile(filePath: string, head: Uint8Array, size: number): Promise<FormatScan> {
  const header = checkNpyHeader(head, size);
  if (!header.objectDtype) return header;
  const payload = await scanPickleStream(stream(filePath, header.dataStart), { label: 'object array payload' });
  return { ...header, findings: [...header.findings, ...payload.findings.filter((f) => f.severity === 'critical')] };
}

/** The file as pickle.load or torch.load would read it from byte 0, whatever the format sniffing said. */
async function scanAsPickle(filePath: string): Promise<ScanFinding[]> {
  const scanner = createPickleScanner();
  const source = stream(filePath);
  try {
    for await (const chunk of source) if (!scanner.write(chunk)) break;
  } catch {
    // An unreadable file fails its format scan; this view adds nothing then.
  } finally {
    source.destroy();
  }
  const threat = pickleThreat(scanner.end());
  return threat ? [finding('loads_as_pickle', 'critical', `read from its first byte, as pickle.load or torch.load would, the file is also a pickle: ${threat}`)] : [];
}

/** Names from the file (entry names, pickle imports) may hold control characters or run long: not in a message. */
function printable(f: ScanFinding): ScanFinding {
  // Names from the bytes (ZIP entries, pickle imports) never passed the edge: controls become U+FFFD, bidirectional
  // ones go, so no cut of the message and no sentence it is set in is reordered. Code points: no half surrogate pair.
  const points = Array.from(withoutBidiControls(f.message).replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd'));
  return { ...f, message: points.length > MAX_MESSAGE ? `${points.slice(0, MAX_MESSAGE - 1).join('')}…` : points.join('') };
}

async function scanByFormat(filePath: string, handle: FileHandle, size: number): Promise<{ format: ModelFormat; result: FormatScan }> {
  const head = await readAt(handle, Math.min(HEAD_BYTES, size), 0);
  switch (sniffFormat(head, size)) {
    case 'zip': {
      const { format, scan } = await scanArchive(handle, size);
      return { format, result: scan };
    }
    case 'pickle':
      return { format: 'pickle', result: await scanPickleFile(handle, filePath, head, size) };
    case 'safetensors':
      return { format: 'safetensors', result: await scanSafetensorsFile(handle, size) };
    case 'gguf':
      return { format: 'gguf', result: await scanGgufFile(handle, size) };
    case 'onnx':
      return { format: 'onnx', result: await scanOnnxFile(handle, size) };
    case 'npy':
      return { format: 'other', result: await scanNpyFile(filePath, head, size) };
    case 'other': {
      const message = 'format not recognised from the bytes (not a pickle, ZIP, NumPy, safetensors, ONNX or GGUF file); nothing was parsed';
      return { format: 'other', result: { status: 'unknown', findings: [finding(UNRECOGNIZED_FORMAT, 'warning', message)], unparsed: [{ start: 1, end: size }] } };
    }
  }
}

export async function scanArtifact(filePath: string): Promise<ArtifactScanResult> {
  const handle = await open(filePath, 'r');
  try {
    const size = (await handle.stat()).size;
    const { format, result } = await scanByFormat(filePath, handle, size);
    const findings = [...result.findings];
    if (format !== 'pickle') findings.push(...(await scanAsPickle(filePath)));
    if (result.unparsed?.length) findings.push(...(await findEmbeddedPickles(handle, result.unparsed)));
    findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
    if (findings.length > MAX_FINDINGS) {
      const more = findings.length - MAX_FINDINGS + 1;
      findings.splice(MAX_FINDINGS - 1, Infinity, finding('more_findings', 'info', `${more} more findings are not listed`));
    }
    return { format, scan: { status: statusOf(findings), findings: findings.map(printable), scannerVersion: SCANNER_VERSION } };
  } finally {
    await handle.close();
  }
}
