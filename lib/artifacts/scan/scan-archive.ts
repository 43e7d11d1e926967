/**
 * ZIP archives, read with yauzl from the central directory by positional reads (never extracted, never loaded
 * whole). A ZIP is a PyTorch archive when it holds `data.pkl` at its root or one directory down, as torch.save
 * writes it; then every `.pkl` entry is streamed through the pickle scanner.
 */
import yauzl from 'yauzl';
import type { ModelFormat, ScanFinding, ScanStatus } from '@/db/schema/models';
import { scanPickleStream } from './scan-pickle';

export type ArchiveScan = { format: ModelFormat; scan: { status: ScanStatus; findings: ScanFinding[] } };

/** Entry names kept while listing; beyond this the archive is not a model checkpoint anyway. */
const MAX_LISTED = 10_000;
const PYTORCH_PICKLE = /^(?:[^/]+\/)?data\.pkl$/;
const names = new TextDecoder('utf-8');
const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

export function isPyTorchPickleName(name: string): boolean {
  return PYTORCH_PICKLE.test(name);
}

type Listing = { zip: yauzl.ZipFile; entries: { name: string; entry: yauzl.Entry }[]; truncated: boolean };

/** Names are decoded here rather than by yauzl, which refuses `..` or absolute names we only ever read, not write. */
async function listArchive(filePath: string): Promise<Listing> {
  const zip = await yauzl.openPromise(filePath, { lazyEntries: true, autoClose: false, decodeStrings: false });
  const entries: Listing['entries'] = [];
  let truncated = false;
  try {
    for await (const entry of zip.eachEntry()) {
      if (entries.length >= MAX_LISTED) {
        truncated = true;
        break;
      }
      entries.push({ name: names.decode(entry.fileNameRaw), entry });
    }
  } catch (error) {
    zip.close();
    throw error;
  }
  return { zip, entries, truncated };
}

/** Entry names of a ZIP, for format detection; undefined when it is not a readable ZIP. */
export async function listArchiveNames(filePath: string): Promise<string[] | undefined> {
  try {
    const { zip, entries } = await listArchive(filePath);
    zip.close();
    return entries.map((e) => e.name);
  } catch {
    return undefined;
  }
}

function statusOf(findings: ScanFinding[]): ScanStatus {
  if (findings.some((f) => f.severity === 'critical')) return 'unsafe';
  return findings.some((f) => f.severity === 'warning') ? 'unknown' : 'clean';
}

export async function scanArchive(filePath: string): Promise<ArchiveScan> {
  let listing: Listing;
  try {
    listing = await listArchive(filePath);
  } catch (error) {
    const message = `ZIP archive could not be read: ${(error as Error).message}`;
    return { format: 'other', scan: { status: 'unknown', findings: [{ code: 'malformed_archive', severity: 'warning', message }] } };
  }
  const { zip, entries, truncated } = listing;
  try {
    if (!entries.some((e) => isPyTorchPickleName(e.name))) {
      const message = `ZIP archive without a data.pkl entry${truncated ? ' among its first entries' : ''}: not a PyTorch checkpoint, contents not scanned`;
      return { format: 'other', scan: { status: 'unknown', findings: [{ code: 'unrecognized_format', severity: 'warning', message }] } };
    }
    const findings: ScanFinding[] = [];
    const pickles = entries.filter((e) => e.name.toLowerCase().endsWith('.pkl'));
    for (const { name, entry } of pickles) {
      if (!entry.canDecodeFileData()) {
        findings.push({ code: 'unscannable_entry', severity: 'warning', message: `${name}: encrypted or compressed with an unsupported method (${entry.compressionMethod})` });
        continue;
      }
      try {
        const stream = await zip.openReadStreamPromise(entry);
        const result = await scanPickleStream(stream, { label: name });
        findings.push(...result.findings);
      } catch (error) {
        findings.push({ code: 'malformed_archive', severity: 'warning', message: `${name}: entry could not be read: ${(error as Error).message}` });
      }
    }
    if (truncated) findings.push({ code: 'scan_limit', severity: 'warning', message: `only the first ${MAX_LISTED} entries of the archive were examined` });
    const status = statusOf(findings);
    findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
    findings.push({ code: 'pytorch_archive', severity: 'info', message: `PyTorch ZIP archive: ${pickles.length} pickle entries scanned (${pickles.map((p) => p.name).join(', ')})` });
    return { format: 'pytorch', scan: { status, findings } };
  } finally {
    zip.close();
  }
}
