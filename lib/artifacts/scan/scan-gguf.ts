/**
 * Parses a GGUF file end to end the way llama.cpp's gguf.cpp reads it: header, every metadata entry, every tensor
 * info (type, shape, offset), then checks that the tensors tile the data section in order, each at the aligned end of
 * the previous one, and that the file ends where the last tensor (and its padding) ends. Tensor data is not read.
 */
import type { FileHandle } from 'node:fs/promises';
import type { ScanFinding } from '@/db/schema/models';
import { FileCursor, FormatError } from './file-cursor';
import { finding, statusOf, type FormatScan } from './format-scan';

/** ggml type id -> [elements per block, bytes per block] (gguf-py GGML_QUANT_SIZES). */
const GGML_TYPES: Record<number, [number, number]> = {
  0: [1, 4], 1: [1, 2], 2: [32, 18], 3: [32, 20], 6: [32, 22], 7: [32, 24], 8: [32, 34], 9: [32, 40],
  10: [256, 84], 11: [256, 110], 12: [256, 144], 13: [256, 176], 14: [256, 210], 15: [256, 292],
  16: [256, 66], 17: [256, 74], 18: [256, 98], 19: [256, 50], 20: [32, 18], 21: [256, 110], 22: [256, 82], 23: [256, 136],
  24: [1, 1], 25: [1, 2], 26: [1, 4], 27: [1, 8], 28: [1, 8], 29: [256, 56], 30: [1, 2], 34: [256, 54], 35: [256, 66],
  39: [32, 17], 40: [64, 36], 41: [128, 18], 42: [64, 18],
};
/** Metadata value type -> size in bytes for the fixed-size ones (8 is a string, 9 an array). */
const VALUE_SIZES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const STRING = 8;
const ARRAY = 9;
/** gguf.cpp's limits: GGML_MAX_DIMS, GGML_MAX_NAME; ours on counts keep a hostile header from looping for ever. */
const MAX_DIMS = 4;
const MAX_NAME = 64;
const MAX_ENTRIES = 10_000_000;
const MAX_STRING = 1 << 30;
/** Padding after the last tensor is read to check it is zeros, so the alignment that sizes it is bounded. */
const MAX_ALIGNMENT = 1 << 20;

const decoder = new TextDecoder('utf-8', { fatal: true });
const alignUp = (value: bigint, alignment: bigint) => ((value + alignment - 1n) / alignment) * alignment;

async function readString(cursor: FileCursor, what: string, keep: boolean): Promise<string | undefined> {
  const at = cursor.position;
  const length = await cursor.u64(`${what} length`);
  if (length > MAX_STRING) throw new FormatError(`${what} at byte ${at} is ${length} bytes long`, at);
  if (!keep) return void cursor.skip(length, what);
  try {
    return decoder.decode(await cursor.bytes(length, what));
  } catch {
    throw new FormatError(`${what} at byte ${at} is not UTF-8`, at);
  }
}

async function skipValue(cursor: FileCursor, type: number, what: string, inArray = false): Promise<number | undefined> {
  if (type === STRING) return void (await readString(cursor, what, false));
  if (type === ARRAY && !inArray) {
    const elementType = await cursor.u32(`${what} element type`);
    const count = await cursor.u64(`${what} length`);
    if (count > MAX_ENTRIES * 10) throw new FormatError(`${what} declares ${count} elements`, cursor.position);
    if (elementType in VALUE_SIZES) return void cursor.skip(count * VALUE_SIZES[elementType]!, what);
    if (elementType !== STRING) throw new FormatError(`${what} has elements of type ${elementType}, which gguf.cpp refuses`, cursor.position);
    for (let i = 0; i < count; i++) await readString(cursor, what, false);
    return undefined;
  }
  const size = VALUE_SIZES[type];
  if (size === undefined) throw new FormatError(`${what} has value type ${type}, which the format does not define`, cursor.position);
  const bytes = await cursor.bytes(size, what);
  return size === 4 ? bytes.readUInt32LE(0) : undefined;
}

type TensorInfo = { name: string; bytes: bigint; offset: bigint };

async function readTensorInfo(cursor: FileCursor, index: number, names: Set<string>): Promise<TensorInfo> {
  const at = cursor.position;
  const name = (await readString(cursor, `tensor ${index} name`, true))!;
  if (Buffer.byteLength(name) >= MAX_NAME) throw new FormatError(`tensor name "${name.slice(0, 80)}" is longer than llama.cpp accepts`, at);
  if (names.has(name)) throw new FormatError(`tensor "${name}" appears twice`, at);
  names.add(name);
  const dims = await cursor.u32(`tensor "${name}" dimension count`);
  if (dims > MAX_DIMS) throw new FormatError(`tensor "${name}" has ${dims} dimensions (at most ${MAX_DIMS})`, at);
  let elements = 1n;
  let first = 1n;
  for (let d = 0; d < dims; d++) {
    const extent = (await cursor.bytes(8, `tensor "${name}" shape`)).readBigInt64LE(0);
    if (extent < 0n) throw new FormatError(`tensor "${name}" has a negative dimension`, at);
    if (d === 0) first = extent;
    elements *= extent;
  }
  const type = await cursor.u32(`tensor "${name}" type`);
  const geometry = GGML_TYPES[type];
  if (!geometry) throw new FormatError(`tensor "${name}" has ggml type ${type}, which is not a known type`, at);
  const [block, blockBytes] = geometry.map(BigInt) as [bigint, bigint];
  if (first % block !== 0n) throw new FormatError(`tensor "${name}": its first dimension ${first} is not a multiple of the type's block size ${block}`, at);
  const offset = (await cursor.bytes(8, `tensor "${name}" offset`)).readBigUInt64LE(0);
  return { name, bytes: (elements / block) * blockBytes, offset };
}

export async function scanGgufFile(handle: FileHandle, size: number): Promise<FormatScan> {
  const cursor = new FileCursor(handle, size);
  const findings: ScanFinding[] = [];
  try {
    await cursor.bytes(4, 'magic');
    const version = await cursor.u32('version');
    if (version !== 2 && version !== 3) throw new FormatError(`GGUF version ${version} is not one this scanner parses (2 or 3, little-endian)`, 4);
    const tensorCount = await cursor.u64('tensor count');
    const entryCount = await cursor.u64('metadata count');
    if (tensorCount > MAX_ENTRIES || entryCount > MAX_ENTRIES) throw new FormatError(`the header declares ${tensorCount} tensors and ${entryCount} metadata entries`, 8);
    let alignment = 32n;
    let chatTemplate = false;
    for (let i = 0; i < entryCount; i++) {
      const key = (await readString(cursor, `metadata key ${i}`, true))!;
      const type = await cursor.u32(`metadata "${key}" type`);
      const value = await skipValue(cursor, type, `metadata "${key}"`);
      if (key === 'general.alignment') {
        if (type !== 4 || !value || (value & (value - 1)) !== 0 || value > MAX_ALIGNMENT) throw new FormatError(`general.alignment must be a u32 power of two up to ${MAX_ALIGNMENT}`, cursor.position);
        alignment = BigInt(value);
      }
      if (key.startsWith('tokenizer.chat_template')) chatTemplate = true;
    }
    const names = new Set<string>();
    const tensors: TensorInfo[] = [];
    for (let i = 0; i < tensorCount; i++) tensors.push(await readTensorInfo(cursor, i, names));
    const dataStart = alignUp(BigInt(cursor.position), alignment);
    let expected = 0n;
    for (const tensor of tensors) {
      if (tensor.offset !== expected) throw new FormatError(`tensor "${tensor.name}" starts at data offset ${tensor.offset}, but the previous tensor ends (aligned) at ${expected}`, cursor.position);
      expected += alignUp(tensor.bytes, alignment);
    }
    const last = tensors[tensors.length - 1];
    const minimum = last ? dataStart + last.offset + last.bytes : BigInt(cursor.position);
    const maximum = last ? dataStart + expected : dataStart;
    if (BigInt(size) < minimum) throw new FormatError(`the tensors need the file to reach byte ${minimum}, but it ends at ${size}`, size);
    const end = Number(minimum);
    const padding = size > end ? await cursor.bytesAt(end, Math.min(size, Number(maximum)) - end) : Buffer.alloc(0);
    if (BigInt(size) > maximum || padding.some((byte) => byte !== 0)) {
      findings.push(finding('trailing_data', 'warning', `GGUF: the ${size - end} bytes after the last tensor are not zero padding; no structure of the format accounts for them`));
      return { status: statusOf(findings), findings, unparsed: [{ start: end, end: size }] };
    }
    findings.push(finding('gguf_parsed', 'info', `GGUF version ${version}: ${entryCount} metadata entries and ${tensorCount} tensors parsed, tensors tile ${expected} bytes of data to the end of the file`));
    if (chatTemplate) findings.push(finding('chat_template', 'info', 'GGUF: the metadata holds a Jinja chat template, which runtimes render; it cannot run Python but is not evaluated here'));
    return { status: statusOf(findings), findings };
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    findings.push(finding('malformed_gguf', 'warning', `GGUF: ${error.message}; the file was not parsed to its end`));
    return { status: statusOf(findings), findings, unparsed: [{ start: Math.min(error.offset, size), end: size }] };
  }
}
