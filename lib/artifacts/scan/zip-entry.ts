/**
 * The uncompressed bytes of one ZIP entry, as an async iterable of chunks: stored entries are read in place,
 * deflated ones are inflated chunk by chunk, and every inflated byte is charged to the archive budget, so a bomb
 * stops at the cap however its sizes were declared. The consumer may stop early; nothing more is read then.
 */
import { pipeline, Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { ArchiveBudget } from './archive-limits';
import type { ByteRange } from './format-scan';
import { ZipFormatError, type RandomRead, type ZipEntry } from './zip-directory';

const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const CHUNK = 64 << 10;
export const STORED = 0;
export const DEFLATED = 8;

/** Where the entry's data starts, and the bytes its local header, data and data descriptor occupy. */
export async function locateEntry(read: RandomRead, entry: ZipEntry): Promise<{ dataStart: number; span: ByteRange }> {
  const header = await read(30, entry.localOffset);
  const data = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (header.length < 30 || data.getUint32(0, true) !== LOCAL) throw new ZipFormatError(`${entry.name}: no local header at byte ${entry.localOffset}`);
  const dataStart = entry.localOffset + 30 + data.getUint16(26, true) + data.getUint16(28, true);
  let end = dataStart + entry.compressedSize;
  if (entry.flags & 0x08) {
    const descriptor = await read(4, end);
    const signed = descriptor.length === 4 && new DataView(descriptor.buffer, descriptor.byteOffset, 4).getUint32(0, true) === DESCRIPTOR;
    end += (signed ? 4 : 0) + (entry.compressedSize > 0xfffffffe || entry.uncompressedSize > 0xfffffffe ? 20 : 12);
  }
  return { dataStart, span: { start: entry.localOffset, end } };
}

async function* compressedChunks(read: RandomRead, start: number, length: number, budget: ArchiveBudget): AsyncGenerator<Uint8Array> {
  for (let done = 0; done < length; ) {
    budget.checkTime();
    const chunk = await read(Math.min(CHUNK, length - done), start + done);
    if (chunk.length === 0) throw new ZipFormatError('entry data runs past the end of the archive');
    done += chunk.length;
    yield chunk;
  }
}

/** Uncompressed chunks of a stored or deflated entry; throws ArchiveLimitError at a cap. */
export async function* entryChunks(read: RandomRead, entry: ZipEntry, dataStart: number, budget: ArchiveBudget): AsyncGenerator<Uint8Array> {
  const source = compressedChunks(read, dataStart, entry.compressedSize, budget);
  if (entry.method === STORED) {
    yield* source;
    return;
  }
  const inflater = zlib.createInflateRaw({ chunkSize: CHUNK });
  pipeline(Readable.from(source), inflater, () => {}); // errors reach the loop below through the inflater
  let total = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      total += chunk.length;
      budget.addInflated(chunk.length, total, entry.name);
      if (total > entry.uncompressedSize) throw new ZipFormatError(`${entry.name} inflates to more than the ${entry.uncompressedSize} bytes its directory entry declares`, true);
      yield chunk;
    }
  } finally {
    inflater.destroy();
  }
}
