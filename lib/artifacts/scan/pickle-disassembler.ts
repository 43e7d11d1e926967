/**
 * Streaming, opcode-by-opcode pickle disassembler (protocols 0 to 5). It decodes opcodes and their arguments and
 * never builds a Python object, so nothing in a pickle can run. Bytes are pushed in with write() in chunks of any
 * size; long arguments (tensor payloads) are skipped rather than buffered, so memory stays flat on large files.
 * Malformed or truncated input ends in a `failure`, never in an exception.
 */
import { FIXED_SIZE, HIGHEST_PROTOCOL, LENGTH_PREFIXED, OPCODE_BY_BYTE, type LengthPrefix, type PickleArgKind } from './pickle-opcodes';
import { ByteBuffer } from './byte-buffer';
import { decodeLineArgument, TEXT_CAP } from './pickle-text';

export type PickleOp = {
  /** Byte offset of the opcode in the input. */
  offset: number;
  name: string;
  /** Integer argument: uint/int arguments, GET/PUT indices, PROTO, FRAME and the length of a data argument. */
  int?: number;
  /** Decoded string argument (STRING, UNICODE, BIN*STRING, *BINUNICODE*, PERSID), when short enough to keep. */
  text?: string;
  /** Raw bytes of a length-prefixed argument up to DATA_CAP; a view valid only during the callback. */
  data?: Uint8Array;
  /** GLOBAL and INST operands. */
  module?: string;
  qualname?: string;
};

export type DisassemblyFailure = { kind: 'malformed' | 'truncated' | 'limit'; offset: number; message: string };

/** A line argument longer than this stops the scan: CPython has no cap, but we will not buffer without bound. */
const LINE_CAP = 1 << 20;
/** Length-prefixed arguments up to this size are buffered and handed over; longer ones are skipped unread. */
export const DATA_CAP = 1 << 20;

const EMPTY = new Uint8Array(0);
const lenientUtf8 = new TextDecoder('utf-8');

function readInt(buf: Uint8Array, at: number, size: number, signed: boolean): number {
  const view = new DataView(buf.buffer, buf.byteOffset + at, size);
  if (size === 1) return view.getUint8(0);
  if (size === 2) return view.getUint16(0, true);
  if (size === 4) return signed ? view.getInt32(0, true) : view.getUint32(0, true);
  const big = view.getBigUint64(0, true);
  return big > BigInt(Number.MAX_SAFE_INTEGER) ? Number.POSITIVE_INFINITY : Number(big);
}

export class PickleDisassembler {
  /** Bytes not yet parsed (an incomplete opcode), kept across writes. */
  private readonly kept = new ByteBuffer();
  /** What step() parses: the caller's chunk when nothing was kept, else the kept bytes. */
  private pending: Uint8Array = EMPTY;
  /** Input offset of pending[0]. */
  private base = 0;
  private skipping: { remaining: number; op: PickleOp } | undefined;
  private frameEnd = 0;
  private inStream = false;
  private stops = 0;
  private halted = false;
  private failed: DisassemblyFailure | undefined;

  constructor(private readonly onOp: (op: PickleOp) => void) {}

  get failure(): DisassemblyFailure | undefined {
    return this.failed;
  }
  /** Number of complete pickle streams (STOP opcodes) seen so far. */
  get streams(): number {
    return this.stops;
  }
  get done(): boolean {
    return this.halted;
  }

  /** Stop consuming input: later writes are ignored and end() reports nothing. */
  halt(): void {
    this.halted = true;
  }

  write(chunk: Uint8Array): void {
    if (this.halted) return;
    let rest = chunk;
    if (this.skipping) {
      const n = Math.min(this.skipping.remaining, rest.length);
      this.skipping.remaining -= n;
      this.base += n;
      rest = rest.subarray(n);
      if (this.skipping.remaining > 0) return;
      const op = this.skipping.op;
      this.skipping = undefined;
      this.emit(op);
    }
    if (rest.length === 0 || this.halted) return;
    const buffered = this.kept.length > 0;
    if (buffered) this.kept.append(rest);
    this.pending = buffered ? this.kept.bytes() : rest;
    let pos = 0;
    while (!this.halted && !this.skipping) {
      const used = this.step(pos);
      if (used === 0) break;
      pos += used;
    }
    this.base += pos;
    if (this.skipping || this.halted) this.kept.clear();
    else if (buffered) this.kept.drop(pos);
    else this.kept.append(rest.subarray(pos)); // a copy: the caller may reuse its chunk
    this.pending = EMPTY;
  }

  end(): void {
    if (this.halted) return;
    if (this.skipping) {
      const { op } = this.skipping;
      this.fail('truncated', op.offset, `${op.name} at byte ${op.offset} declares ${op.int} bytes but the data ends first`);
    } else if (this.kept.length > 0) {
      const name = OPCODE_BY_BYTE[this.kept.bytes()[0]!]?.name ?? 'opcode';
      this.fail('truncated', this.base, `${name} at byte ${this.base} is cut off by the end of the data`);
    } else if (this.stops === 0 && !this.inStream) {
      this.fail('truncated', 0, 'no pickle data');
    } else if (this.inStream) {
      this.fail('truncated', this.base, `the data ends at byte ${this.base} before the STOP opcode`);
    } else if (this.frameEnd > this.base) {
      this.fail('truncated', this.base, `a FRAME declares data up to byte ${this.frameEnd} but the data ends at byte ${this.base}`);
    }
    this.halted = true;
  }

  private fail(kind: DisassemblyFailure['kind'], offset: number, message: string): 0 {
    this.failed = { kind, offset, message };
    this.halted = true;
    return 0;
  }

  private emit(op: PickleOp): void {
    if (op.name === 'STOP') {
      this.stops++;
      this.inStream = false;
    } else this.inStream = true;
    this.onOp(op);
  }

  /** Parses the opcode at pending[pos]; returns the bytes consumed, or 0 when more input is needed (or on failure). */
  private step(pos: number): number {
    const buf = this.pending;
    const avail = buf.length - pos;
    if (avail < 1) return 0;
    const offset = this.base + pos;
    const opcode = OPCODE_BY_BYTE[buf[pos]!];
    if (!opcode) return this.fail('malformed', offset, `byte 0x${buf[pos]!.toString(16).padStart(2, '0')} at ${offset} is not a pickle opcode`);
    const op: PickleOp = { offset, name: opcode.name };

    const fixed = FIXED_SIZE[opcode.arg];
    if (fixed !== undefined) {
      if (avail < 1 + fixed) return 0;
      if (fixed > 0 && opcode.arg !== 'float8') {
        op.int = readInt(buf, pos + 1, fixed, opcode.arg === 'int4');
        if (!Number.isFinite(op.int)) return this.fail('malformed', offset, `${op.name} at byte ${offset} has an impossible argument`);
      }
      if (op.name === 'PROTO' && op.int! > HIGHEST_PROTOCOL) return this.fail('malformed', offset, `unsupported pickle protocol ${op.int}`);
      if (op.name === 'FRAME') this.frameEnd = Math.max(this.frameEnd, offset + 9 + op.int!);
      this.emit(op);
      return 1 + fixed;
    }

    const prefix = LENGTH_PREFIXED[opcode.arg];
    if (prefix) return this.stepLengthPrefixed(pos, op, prefix);
    return this.stepLine(pos, op, opcode.arg);
  }

  private stepLengthPrefixed(pos: number, op: PickleOp, prefix: LengthPrefix): number {
    const buf = this.pending;
    const avail = buf.length - pos;
    const header = 1 + prefix.size;
    if (avail < header) return 0;
    const length = readInt(buf, pos + 1, prefix.size, prefix.signed);
    if (length < 0 || !Number.isFinite(length)) return this.fail('malformed', op.offset, `${op.name} at byte ${op.offset} has an invalid length`);
    op.int = length;
    if (length <= DATA_CAP) {
      if (avail < header + length) return 0;
      op.data = buf.subarray(pos + header, pos + header + length);
      if (prefix.text && length <= TEXT_CAP) op.text = lenientUtf8.decode(op.data);
      this.emit(op);
      return header + length;
    }
    if (avail - header >= length) {
      this.emit(op);
      return header + length;
    }
    this.skipping = { remaining: length - (avail - header), op };
    return avail;
  }

  private stepLine(pos: number, op: PickleOp, arg: PickleArgKind): number {
    const buf = this.pending;
    const first = buf.indexOf(0x0a, pos + 1);
    const second = arg === 'stringnl_noescape_pair' && first >= 0 ? buf.indexOf(0x0a, first + 1) : first;
    if (first < 0 || second < 0) {
      if (buf.length - pos > 2 * LINE_CAP + 3) return this.fail('limit', op.offset, `${op.name} at byte ${op.offset} has a line argument longer than the scanner keeps`);
      return 0;
    }
    const line = buf.subarray(pos + 1, first);
    try {
      Object.assign(op, decodeLineArgument(op.name, arg, line, buf.subarray(first + 1, second)));
    } catch (error) {
      return this.fail('malformed', op.offset, `${op.name} at byte ${op.offset}: ${(error as Error).message}`);
    }
    this.emit(op);
    return second + 1 - pos;
  }
}

/** Disassembles a complete in-memory pickle; returns the failure, if any. */
export function disassemblePickle(bytes: Uint8Array, onOp: (op: PickleOp) => void): DisassemblyFailure | undefined {
  const disassembler = new PickleDisassembler(onOp);
  disassembler.write(bytes);
  disassembler.end();
  return disassembler.failure;
}
