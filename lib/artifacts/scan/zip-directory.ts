/**
 * Reads a ZIP's central directory ourselves rather than through a library: loaders differ in what they tolerate
 * (torch's miniz ignores the encryption flag that Python's zipfile refuses), so the scanner must read every entry a
 * permissive loader would, and must know exactly which bytes the directory accounts for.
 */
import type { ByteRange } from './format-scan';

export type RandomRead = (length: number, position: number) => Promise<Uint8Array>;

export type ZipEntry = {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
};
export type ZipDirectory = { entries: ZipEntry[]; directory: ByteRange; end: ByteRange };

/** A directory or entry that no honest writer makes; `critical` when it lies in a way a bomb or evasion relies on. */
export class ZipFormatError extends Error {
  constructor(message: string, readonly critical = false) {
    super(message);
  }
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const MAX_COMMENT = 0xffff;
const MAX_DIRECTORY_BYTES = 64 << 20;
const names = new TextDecoder('utf-8');

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const u64 = (data: DataView, at: number) => {
  const value = data.getBigUint64(at, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('a 64-bit size or offset is beyond any real file');
  return Number(value);
};

async function findEnd(read: RandomRead, size: number): Promise<number> {
  const tailLength = Math.min(size, 22 + MAX_COMMENT);
  const tail = await read(tailLength, size - tailLength);
  const data = view(tail);
  for (let at = tail.length - 22; at >= 0; at--) {
    if (data.getUint32(at, true) === EOCD) return size - tailLength + at;
  }
  throw new ZipFormatError('no end-of-central-directory record');
}

/** Applies the zip64 extra field (id 1) to the values the 32-bit fields marked as 0xffffffff. */
function applyZip64(entry: ZipEntry, extra: Uint8Array): void {
  const data = view(extra);
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = data.getUint16(at, true);
    const length = data.getUint16(at + 2, true);
    if (id === 1) {
      let field = at + 4;
      for (const key of ['uncompressedSize', 'compressedSize', 'localOffset'] as const) {
        if (entry[key] !== 0xffffffff) continue;
        if (field + 8 > at + 4 + length) throw new ZipFormatError(`${entry.name}: zip64 extra field too short`);
        entry[key] = u64(data, field);
        field += 8;
      }
    }
    at += 4 + length;
  }
}

/** The directory, after checking the declared entry count against `maxEntries` (which throws `onTooMany`). */
export async function readZipDirectory(read: RandomRead, size: number, maxEntries: number, onTooMany: (count: number) => never): Promise<ZipDirectory> {
  const endAt = await findEnd(read, size);
  const end = view(await read(22, endAt));
  let count = end.getUint16(10, true);
  let directorySize = end.getUint32(12, true);
  let directoryAt = end.getUint32(16, true);
  // The archive comment is left out of the range: no loader reads it, so its bytes count as unaccounted for.
  const endRange = { start: endAt, end: endAt + 22 };
  // torch.save always writes zip64 records; when present they are what miniz and zipfile read.
  const locator = endAt >= 20 ? view(await read(20, endAt - 20)) : undefined;
  if (locator?.getUint32(0, true) === ZIP64_LOCATOR) {
    const zip64At = u64(locator, 8);
    const zip64 = view(await read(56, zip64At));
    if (zip64.byteLength < 56 || zip64.getUint32(0, true) !== ZIP64_EOCD) throw new ZipFormatError('zip64 end record missing');
    count = u64(zip64, 32);
    directorySize = u64(zip64, 40);
    directoryAt = u64(zip64, 48);
    endRange.start = zip64At;
  } else if (count === 0xffff || directorySize === 0xffffffff || directoryAt === 0xffffffff) {
    throw new ZipFormatError('zip64 locator missing');
  }
  if (count > maxEntries) onTooMany(count);
  if (directorySize > MAX_DIRECTORY_BYTES || directoryAt + directorySize > endRange.start) throw new ZipFormatError('the central directory does not fit before its end record');
  const directory = await read(directorySize, directoryAt);
  const data = view(directory);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || data.getUint32(at, true) !== CENTRAL) throw new ZipFormatError(`central directory entry ${i} is malformed`);
    const nameLength = data.getUint16(at + 28, true);
    const extraLength = data.getUint16(at + 30, true);
    const commentLength = data.getUint16(at + 32, true);
    if (at + 46 + nameLength + extraLength + commentLength > directory.length) throw new ZipFormatError(`central directory entry ${i} runs past the directory`);
    const entry: ZipEntry = {
      name: names.decode(directory.subarray(at + 46, at + 46 + nameLength)),
      flags: data.getUint16(at + 8, true),
      method: data.getUint16(at + 10, true),
      compressedSize: data.getUint32(at + 20, true),
      uncompressedSize: data.getUint32(at + 24, true),
      localOffset: data.getUint32(at + 42, true),
    };
    applyZip64(entry, directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (at !== directory.length) throw new ZipFormatError(`the central directory holds ${directory.length - at} bytes after its ${count} entries`);
  return { entries, directory: { start: directoryAt, end: directoryAt + directorySize }, end: endRange };
}
