/**
 * Classifies and scans one ZIP entry by its bytes, never by its name alone: a nested archive is scanned as one,
 * a NumPy array by its header, and anything that disassembles as a pickle (whatever it is called) as a pickle.
 * Only what is none of these is data: a PyTorch storage, PyTorch's own metadata, or an entry nobody checked.
 */
import type { ScanFinding } from '@/db/schema/models';
import { ArchiveLimitError, type ArchiveBudget } from './archive-limits';
import { findPicklesInBytes, pickleThreat } from './find-embedded-pickles';
import { finding } from './format-scan';
import { checkNpyHeader, isNpy } from './scan-npy';
import { createPickleScanner } from './scan-pickle';
import { DEFLATED, entryChunks, STORED } from './zip-entry';
import type { RandomRead, ZipEntry } from './zip-directory';

const HEAD = 64 << 10;
const TORCH_STORAGE = /(?:^|\/)data\/\d+$/;
const TORCH_METADATA = /^(?:[^/]+\/)?(?:version|byteorder|\.data\/version|\.data\/serialization_id|\.format_version|\.storage_alignment)$/;
const TORCHSCRIPT_CODE = /^(?:[^/]+\/)?code\//;
const PICKLE_NAME = /\.(?:pkl|pickle)$/i;

export type EntryKind = 'directory' | 'archive' | 'npy' | 'pickle' | 'storage' | 'metadata' | 'code' | 'unrecognized' | 'unscannable';
export type EntryScan = { kind: EntryKind; findings: ScanFinding[] };
export type NestedScanner = (bytes: Buffer, label: string) => Promise<ScanFinding[]>;
export type EntryContext = { read: RandomRead; budget: ArchiveBudget; depth: number; label: string; torch: boolean; scanNested: NestedScanner };

const isZip = (head: Uint8Array) => head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
const startsWithProto = (head: Uint8Array) => head[0] === 0x80 && head[1]! >= 2 && head[1]! <= 5;

/** Pulls chunks until `size` bytes are in hand; returns them and an iterable of everything (head included). */
async function takeHead(chunks: AsyncGenerator<Uint8Array>, size: number): Promise<{ head: Buffer; all: AsyncGenerator<Uint8Array> }> {
  const taken: Uint8Array[] = [];
  let length = 0;
  while (length < size) {
    const next = await chunks.next();
    if (next.done) break;
    taken.push(next.value);
    length += next.value.length;
  }
  async function* all() {
    yield* taken;
    yield* chunks;
  }
  return { head: Buffer.concat(taken), all: all() };
}

async function collect(all: AsyncIterable<Uint8Array>, limit: number, name: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of all) {
    length += chunk.length;
    if (length > limit) throw new ArchiveLimitError('nested archive size', `${name} is larger than ${limit} bytes`);
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

async function scanNpyEntry(entry: ZipEntry, head: Buffer, all: AsyncIterable<Uint8Array>, label: string): Promise<EntryScan> {
  const header = checkNpyHeader(head, entry.uncompressedSize, label);
  const findings = [...header.findings];
  const pickle = header.objectDtype ? createPickleScanner({ label }) : undefined;
  let total = 0;
  for await (const chunk of all) {
    const from = Math.max(0, (header.dataStart ?? Infinity) - total);
    total += chunk.length;
    if (pickle && from < chunk.length && !pickle.write(chunk.subarray(from))) break;
  }
  if (pickle) findings.push(...pickle.end().findings.filter((f) => f.severity === 'critical'));
  else if (total !== entry.uncompressedSize) findings.push(finding('size_mismatch', 'warning', `${label}holds ${total} bytes, not the ${entry.uncompressedSize} its directory entry declares`));
  if (header.unparsed && total === entry.uncompressedSize) findings.push(...(await findPicklesInBytes(head.subarray(header.unparsed[0]!.start), header.unparsed[0]!.start, label)));
  return { kind: 'npy', findings };
}

export async function scanZipEntry(ctx: EntryContext, entry: ZipEntry, dataStart: number): Promise<EntryScan> {
  const label = `${ctx.label}${entry.name}: `;
  if (entry.name.endsWith('/') && entry.uncompressedSize === 0) return { kind: 'directory', findings: [] };
  if (entry.method !== STORED && entry.method !== DEFLATED) {
    return { kind: 'unscannable', findings: [finding('unscannable_entry', 'warning', `${label}compressed with method ${entry.method}, which the scanner does not read`)] };
  }
  const chunks = entryChunks(ctx.read, entry, dataStart, ctx.budget);
  try {
    return await scanEntryBytes(ctx, entry, label, await takeHead(chunks, HEAD));
  } finally {
    await chunks.return(undefined); // stops reading (and inflating) whatever the consumer left unread
  }
}

async function scanEntryBytes(ctx: EntryContext, entry: ZipEntry, label: string, { head, all }: { head: Buffer; all: AsyncIterable<Uint8Array> }): Promise<EntryScan> {
  if (isZip(head)) {
    if (ctx.depth >= ctx.budget.limits.maxDepth) throw new ArchiveLimitError('nesting depth', `${ctx.label}${entry.name} is an archive ${ctx.depth + 1} levels deep`);
    const bytes = await collect(all, ctx.budget.limits.maxNestedBytes, `${ctx.label}${entry.name}`);
    return { kind: 'archive', findings: await ctx.scanNested(bytes, `${ctx.label}${entry.name}!`) };
  }
  if (isNpy(head)) return scanNpyEntry(entry, head, all, label);

  // torch reads a storage as raw numbers and never unpickles it: there only a pickle that imports something counts,
  // and its first 64 KiB are enough to tell (tensor data that happens to be opcodes is not a reason to read it all).
  const storage = ctx.torch && TORCH_STORAGE.test(entry.name);
  const scanner = createPickleScanner({ label: `${ctx.label}${entry.name}` });
  if (storage) scanner.write(head);
  else for await (const chunk of all) if (!scanner.write(chunk)) break;
  const result = scanner.end();
  if (storage && !pickleThreat(result)) return { kind: 'storage', findings: [] };
  if (storage || PICKLE_NAME.test(entry.name) || startsWithProto(head) || result.streams > 0 || pickleThreat(result)) return { kind: 'pickle', findings: result.findings };
  if (TORCHSCRIPT_CODE.test(entry.name)) {
    return { kind: 'code', findings: [finding('torchscript_code', 'critical', `${label}TorchScript source, which torch.jit.load compiles and runs: a scripted model is code, not weights`)] };
  }
  if (ctx.torch && TORCH_METADATA.test(entry.name)) return { kind: 'metadata', findings: [] };
  return { kind: 'unrecognized', findings: [finding('unrecognized_entry', 'warning', `${label}not a pickle, NumPy array, archive or PyTorch storage; its contents were not checked`)] };
}
