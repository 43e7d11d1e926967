/**
 * ZIP archives (PyTorch checkpoints, .npz, anything zipped), read from the central directory by positional reads,
 * never extracted. Every entry is classified by its bytes and scanned; declared sizes are checked against the
 * archive limits before anything is inflated; the bytes no entry accounts for are searched for pickles; a nested
 * archive is scanned the same way, one level down. A PyTorch archive holds data.pkl at its root or one level down.
 */
import type { FileHandle } from 'node:fs/promises';
import type { ModelFormat, ScanFinding } from '@/db/schema/models';
import { ARCHIVE_LIMITS, ArchiveBudget, ArchiveLimitError, type ArchiveLimits } from './archive-limits';
import { findPicklesInBytes } from './find-embedded-pickles';
import { finding, statusOf, type ByteRange, type FormatScan } from './format-scan';
import { readAt } from './read-at';
import { scanZipEntry, type EntryKind } from './scan-zip-entry';
import { readZipDirectory, ZipFormatError, type RandomRead, type ZipEntry } from './zip-directory';
import { locateEntry, STORED } from './zip-entry';

export type ArchiveStats = { inflatedBytes: number; entriesScanned: number };
export type ArchiveScan = { format: ModelFormat; scan: FormatScan; stats: ArchiveStats };

const PYTORCH_PICKLE = /^(?:[^/]+\/)?data\.pkl$/;
const SWEEP_LIMIT = 16 << 20;
const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

export function isPyTorchPickleName(name: string): boolean {
  return PYTORCH_PICKLE.test(name);
}

type Archive = { read: RandomRead; size: number; budget: ArchiveBudget; depth: number; label: string; stats: ArchiveStats };

/** Declared sizes first: a bomb is refused from its directory in microseconds, before a byte is inflated. */
function checkDeclaredSizes(entries: ZipEntry[], { budget, label }: Archive): void {
  const { maxEntryBytes, maxRatio, ratioFloorBytes, maxTotalBytes } = budget.limits;
  let total = budget.inflatedBytes;
  for (const entry of entries) {
    if (entry.method === STORED) continue;
    const name = `${label}${entry.name}`;
    if (entry.uncompressedSize > maxEntryBytes) throw new ArchiveLimitError('entry size', `${name} declares ${entry.uncompressedSize} bytes uncompressed (at most ${maxEntryBytes})`);
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > ratioFloorBytes && ratio > maxRatio) throw new ArchiveLimitError('compression ratio', `${name} inflates ${entry.compressedSize} bytes to ${entry.uncompressedSize} (${Math.round(ratio)}:1, at most ${maxRatio}:1)`);
    total += entry.uncompressedSize;
    if (total > maxTotalBytes) throw new ArchiveLimitError('total size', `the entries declare more than ${maxTotalBytes} bytes uncompressed in all`);
  }
}

/** Entry spans must not overlap (overlapping entries are how a small ZIP inflates one payload many times). */
function uncovered(spans: ByteRange[], size: number): { gaps: ByteRange[]; overlap: boolean } {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const gaps: ByteRange[] = [];
  let covered = 0;
  let overlap = false;
  for (const span of sorted) {
    if (span.start < covered) overlap = true;
    else if (span.start > covered) gaps.push({ start: covered, end: span.start });
    covered = Math.max(covered, span.end);
  }
  if (covered < size) gaps.push({ start: covered, end: size });
  return { gaps, overlap };
}

async function scanZip(archive: Archive): Promise<{ findings: ScanFinding[]; kinds: EntryKind[]; torch: boolean }> {
  const { read, size, budget, label } = archive;
  const directory = await readZipDirectory(read, size, budget.limits.maxEntries, (count) => {
    throw new ArchiveLimitError('entry count', `${label || 'the archive'} lists ${count} entries (at most ${budget.limits.maxEntries})`);
  });
  checkDeclaredSizes(directory.entries, archive);
  const torch = directory.entries.some((e) => isPyTorchPickleName(e.name));
  const located = [];
  for (const entry of directory.entries) located.push({ entry, ...(await locateEntry(read, entry)) });
  const { gaps, overlap } = uncovered([...located.map((l) => l.span), directory.directory, directory.end], size);
  if (overlap) throw new ZipFormatError(`${label}entries overlap each other or the directory: the same bytes would be read as several entries`, true);
  if (located.some((l) => l.span.end > size)) throw new ZipFormatError(`${label}an entry's data runs past the end of the archive`);

  const findings: ScanFinding[] = [];
  const kinds: EntryKind[] = [];
  const scanNested = async (bytes: Buffer, nestedLabel: string) => {
    const nested = { read: async (length: number, position: number) => bytes.subarray(position, position + length), size: bytes.length, budget, depth: archive.depth + 1, label: nestedLabel, stats: archive.stats };
    try {
      return (await scanZip(nested)).findings;
    } catch (error) {
      return [failure(error, nestedLabel)];
    }
  };
  for (const { entry, dataStart } of located) {
    budget.checkTime();
    try {
      const scanned = await scanZipEntry({ read, budget, depth: archive.depth, label, torch, scanNested }, entry, dataStart);
      kinds.push(scanned.kind);
      findings.push(...scanned.findings);
    } catch (error) {
      if (error instanceof ArchiveLimitError) throw error;
      // A corrupt deflate stream or a lying size ends this entry, not the scan; what was found so far stays.
      findings.push(error instanceof ZipFormatError ? failure(error, label) : finding('malformed_archive', 'warning', `${label}${entry.name}: could not be read: ${(error as Error).message}`));
      kinds.push('unscannable');
    }
    archive.stats.entriesScanned++;
  }
  const stray = gaps.reduce((sum, gap) => sum + gap.end - gap.start, 0);
  if (stray > 0) {
    findings.push(finding('unreferenced_bytes', 'warning', `${label}${stray} bytes of the archive belong to no entry of its directory`));
    let budgetLeft = SWEEP_LIMIT;
    for (const gap of gaps) {
      const length = Math.min(gap.end - gap.start, budgetLeft);
      budgetLeft -= length;
      if (length > 0) findings.push(...(await findPicklesInBytes(await read(length, gap.start), gap.start, label)));
    }
  }
  return { findings, kinds, torch };
}

function failure(error: unknown, label = ''): ScanFinding {
  if (error instanceof ArchiveLimitError) throw error;
  if (error instanceof ZipFormatError) return finding('malformed_archive', error.critical ? 'critical' : 'warning', `${label}ZIP archive could not be read: ${error.message}`);
  throw error;
}

function summary(kinds: EntryKind[], torch: boolean): ScanFinding {
  const counts = new Map<EntryKind, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, n]) => `${n} ${kind}`).join(', ');
  return finding(torch ? 'pytorch_archive' : 'zip_archive', 'info', `${torch ? 'PyTorch ZIP archive' : 'ZIP archive'}: ${kinds.length} entries scanned (${parts || 'none'})`);
}

export async function scanArchive(handle: FileHandle, size: number, limits: ArchiveLimits = ARCHIVE_LIMITS): Promise<ArchiveScan> {
  const budget = new ArchiveBudget(limits);
  const stats: ArchiveStats = { inflatedBytes: 0, entriesScanned: 0 };
  const read: RandomRead = (length, position) => readAt(handle, Math.max(0, Math.min(length, size - position)), position);
  let findings: ScanFinding[];
  let format: ModelFormat = 'other';
  try {
    const result = await scanZip({ read, size, budget, depth: 1, label: '', stats });
    if (result.torch) format = 'pytorch';
    findings = [...result.findings, summary(result.kinds, result.torch)];
  } catch (error) {
    const limit = error instanceof ArchiveLimitError ? finding('archive_limit', 'critical', `ZIP archive ${error.message}; the scan stopped there`) : undefined;
    findings = [limit ?? failure(error)];
  }
  stats.inflatedBytes = budget.inflatedBytes;
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return { format, scan: { status: statusOf(findings), findings }, stats };
}
