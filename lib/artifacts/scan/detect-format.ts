/**
 * Format detection from the bytes only, never from the file name: a name is chosen by the uploader, the bytes are
 * what a loader will act on. Each check is conservative; anything unrecognised is 'other' (status unknown).
 */
import { open } from 'node:fs/promises';
import type { ModelFormat } from '@/db/schema/models';
import { PickleDisassembler } from './pickle-disassembler';
import { PickleStackTracker } from './pickle-stack';
import { readAt } from './read-at';
import { isPyTorchPickleName } from './scan-archive';
import { isNpy } from './scan-npy';
import { readZipDirectory } from './zip-directory';

/** Bytes read from the start of a file for detection. */
export const HEAD_BYTES = 64 * 1024;
/** A headerless (protocol 0/1) pickle that runs this many opcodes through the head without error is taken as one. */
const MIN_PICKLE_OPS = 256;

/** What the head alone shows; a ZIP needs its directory read before it is 'pytorch' or 'other'; a NumPy array is 'other'. */
export type SniffedFormat = Exclude<ModelFormat, 'pytorch'> | 'zip' | 'npy';

const startsWith = (head: Uint8Array, bytes: number[]) => bytes.every((b, i) => head[i] === b);

function looksLikeSafetensors(head: Uint8Array): boolean {
  if (head.length < 10 || head[8] !== 0x7b) return false;
  const declared = new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true);
  if (declared < 2n) return false;
  let i = 9;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  return head[i] === 0x22 || head[i] === 0x7d;
}

function readVarint(bytes: Uint8Array, at: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let i = 0; i < 8 && at + i < bytes.length; i++) {
    const byte = bytes[at + i]!;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return { value, next: at + i + 1 };
  }
  return undefined;
}

/** ModelProto field number -> wire type (0 varint, 2 length-delimited). */
const MODEL_FIELDS: Record<number, number> = { 1: 0, 2: 2, 3: 2, 4: 2, 5: 0, 6: 2, 7: 2, 8: 2, 14: 2, 20: 2, 25: 2, 26: 2 };
/** First tags a GraphProto can start with (node, name, initializer, doc_string, input, output, value_info, ...). */
const GRAPH_FIRST_TAGS = new Set([1, 2, 5, 10, 11, 12, 13, 14, 15, 16].map((field) => ((field << 3) | 2) & 0xff));

/** An ONNX ModelProto: ir_version first, then only known fields, up to a graph whose first tag is a graph field. */
function looksLikeOnnx(head: Uint8Array, fileSize: number): boolean {
  if (head[0] !== 0x08) return false;
  let pos = 0;
  while (pos < head.length) {
    const tag = readVarint(head, pos);
    if (!tag) return false;
    const field = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    if (MODEL_FIELDS[field] !== wire) return false;
    const value = readVarint(head, tag.next);
    if (!value) return false;
    if (field === 1 && (value.value < 1 || value.value > 100)) return false;
    if (wire === 0) {
      pos = value.next;
      continue;
    }
    if (value.next + value.value > fileSize) return false;
    if (field === 7) return value.value > 0 && GRAPH_FIRST_TAGS.has(head[value.next] ?? -1);
    pos = value.next + value.value;
  }
  return false;
}

/** Protocols 0 and 1 have no header: accept a head that disassembles and replays cleanly to a STOP (or far enough). */
function looksLikeHeaderlessPickle(head: Uint8Array): boolean {
  const tracker = new PickleStackTracker();
  let ops = 0;
  const disassembler = new PickleDisassembler((op) => {
    ops++;
    tracker.apply(op);
    if (tracker.failure || op.name === 'STOP') disassembler.halt();
  });
  disassembler.write(head);
  if (disassembler.failure || tracker.failure) return false;
  return disassembler.streams > 0 || (head.length === HEAD_BYTES && ops >= MIN_PICKLE_OPS);
}

export function sniffFormat(head: Uint8Array, fileSize: number): SniffedFormat {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(head, [0x47, 0x47, 0x55, 0x46]) && head.length >= 8) {
    const version = new DataView(head.buffer, head.byteOffset + 4, 4).getUint32(0, true);
    if (version >= 1 && version <= 3) return 'gguf';
  }
  if (isNpy(head)) return 'npy';
  if (looksLikeSafetensors(head)) return 'safetensors';
  if (head[0] === 0x80 && head[1] !== undefined && head[1] >= 2 && head[1] <= 5) return 'pickle';
  if (looksLikeOnnx(head, fileSize)) return 'onnx';
  if (head.length > 0 && looksLikeHeaderlessPickle(head)) return 'pickle';
  return 'other';
}

/** The format of a file on disk (reads its head, and a ZIP's central directory). */
export async function detectFormat(filePath: string): Promise<ModelFormat> {
  const handle = await open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    const sniffed = sniffFormat(await readAt(handle, Math.min(HEAD_BYTES, size), 0), size);
    if (sniffed === 'npy') return 'other';
    if (sniffed !== 'zip') return sniffed;
    const directory = await readZipDirectory((length, position) => readAt(handle, length, position), size, Infinity, () => {
      throw new Error('unreachable');
    }).catch(() => undefined);
    return directory?.entries.some((e) => isPyTorchPickleName(e.name)) ? 'pytorch' : 'other';
  } finally {
    await handle.close();
  }
}
