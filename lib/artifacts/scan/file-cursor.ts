/**
 * Sequential reads over an open file through a bounded window, for parsers that walk a format from its first byte
 * to its last (GGUF, ONNX): small reads are served from the window, long skips move the position without reading.
 * Reading past the end throws a FormatError, so a parser never trusts a length the file cannot back.
 */
import type { FileHandle } from 'node:fs/promises';
import { readAt } from './read-at';

const WINDOW = 1 << 20;

export class FormatError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

export class FileCursor {
  private window: Buffer = Buffer.alloc(0);
  private windowStart = 0;
  position = 0;

  constructor(private readonly handle: FileHandle, readonly size: number) {}

  get remaining(): number {
    return this.size - this.position;
  }

  /** The next `length` bytes (a view valid until the next read); throws when the file ends first. */
  async bytes(length: number, what: string): Promise<Buffer> {
    if (length > this.remaining) throw new FormatError(`${what} at byte ${this.position} needs ${length} bytes but the file ends after ${this.remaining}`, this.position);
    const from = this.position - this.windowStart;
    if (from < 0 || from + length > this.window.length) {
      this.window = await readAt(this.handle, Math.max(length, Math.min(WINDOW, this.remaining)), this.position);
      this.windowStart = this.position;
    }
    const start = this.position - this.windowStart;
    this.position += length;
    return this.window.subarray(start, start + length);
  }

  /** `length` bytes at `position`, without moving the cursor. */
  async bytesAt(position: number, length: number): Promise<Buffer> {
    return readAt(this.handle, length, position);
  }

  skip(length: number, what: string): void {
    if (length > this.remaining) throw new FormatError(`${what} at byte ${this.position} declares ${length} bytes but the file ends after ${this.remaining}`, this.position);
    this.position += length;
  }

  async u32(what: string): Promise<number> {
    return (await this.bytes(4, what)).readUInt32LE(0);
  }

  /** A little-endian u64 that must fit in a safe integer (any real count or offset does). */
  async u64(what: string): Promise<number> {
    const at = this.position;
    const value = (await this.bytes(8, what)).readBigUInt64LE(0);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new FormatError(`${what} at byte ${at} is ${value}, beyond any real file`, at);
    return Number(value);
  }
}

/** A protobuf base-128 varint (at most 10 bytes); its value as a number, exact up to 2^53. */
export async function readVarint(cursor: FileCursor, what: string): Promise<number> {
  const at = cursor.position;
  const bytes = await cursor.bytes(Math.min(10, cursor.remaining), what);
  let value = 0;
  for (let i = 0; i < bytes.length; i++) {
    value += (bytes[i]! & 0x7f) * 2 ** (7 * i);
    if ((bytes[i]! & 0x80) === 0) {
      cursor.position = at + i + 1;
      return value;
    }
  }
  throw new FormatError(`${what} at byte ${at} is not a valid varint`, at);
}
