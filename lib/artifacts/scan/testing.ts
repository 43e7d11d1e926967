import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll } from 'vitest';

/** Test support for the scanner: byte builders, python3 pickles, a minimal ZIP writer. Used only by *.test.ts files. */

export const hasPython = spawnSync('python3', ['-c', 'import pickle, zipfile'], { stdio: 'ignore' }).status === 0;
export const hasNumpy = hasPython && spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

/** Runs python3 code and returns what it writes to stdout; the code only ever dumps pickles, never loads them. */
export function python(code: string): Buffer {
  return execFileSync('python3', ['-c', `import sys, pickle\n${code}`], { maxBuffer: 256 * 1024 * 1024 });
}

/** Concatenates latin1 strings, byte lists and buffers: `bytes('\x80\x04', [0x95], other)`. */
export function bytes(...parts: (string | number[] | Uint8Array)[]): Buffer {
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));
}

/** SHORT_BINUNICODE opcode with its argument. */
export function shortUnicode(text: string): Buffer {
  const encoded = Buffer.from(text, 'utf8');
  return bytes([0x8c, encoded.length], encoded);
}

/** A state dict the way torch.save writes data.pkl: OrderedDict of _rebuild_tensor_v2 calls on persistent storages. */
export const TENSOR_PICKLE = bytes(
  '\x80\x02', 'ccollections\nOrderedDict\nq\x00)Rq\x01',
  '(X\x06\x00\x00\x00weightq\x02', 'ctorch._utils\n_rebuild_tensor_v2\nq\x03',
  '((X\x07\x00\x00\x00storageq\x04', 'ctorch\nFloatStorage\nq\x05', 'X\x01\x00\x00\x000q\x06X\x03\x00\x00\x00cpuq\x07K\x06tq\x08Q',
  'K\x00K\x02K\x03\x86q\tK\x03K\x01\x86q\n\x89h\x00)Rq\x0btq\x0cRq\x0d',
  'u.',
);

/** Protocol 0: `os.system('echo pwned')` through GLOBAL and REDUCE. */
export const OS_SYSTEM_PICKLE = bytes("cos\nsystem\n(S'echo pwned'\ntR.");

/** A protobuf length-delimited field with a one-byte tag and a payload under 128 bytes. */
export const protobufField = (tag: number, payload: Uint8Array) => bytes([tag, payload.length], payload);
const text = (tag: number, value: string) => protobufField(tag, Buffer.from(value));

/** A small ONNX ModelProto: ir_version, producer, a graph with one Relu node, an opset import. */
export const ONNX_MODEL = bytes(
  [0x08, 0x08],
  text(0x12, 'pytorch'),
  text(0x1a, '2.1.0'),
  protobufField(0x3a, bytes(protobufField(0x0a, bytes(text(0x0a, 'x'), text(0x12, 'y'), text(0x22, 'Relu'))), text(0x12, 'main_graph'))),
  protobufField(0x42, bytes([0x10, 17])),
);

/** GGUF magic, version 3, zero tensors and zero metadata entries. */
export const GGUF_MODEL = bytes('GGUF', [3, 0, 0, 0], Buffer.alloc(16));

const u32 = (value: number) => Buffer.from(new Uint32Array([value]).buffer);
const u64 = (value: number | bigint) => Buffer.from(new BigUint64Array([BigInt(value)]).buffer);
const ggufString = (text: string) => Buffer.concat([u64(Buffer.byteLength(text)), Buffer.from(text)]);
const alignTo = (n: number, alignment: number) => Math.ceil(n / alignment) * alignment;

export type GgufTensor = { name: string; shape: number[]; type: number; bytes: number; offset?: number };

/** A GGUF v3 file laid out as gguf-py's GGUFWriter writes it: metadata, tensor infos, aligned and padded tensor data. */
export function ggufFile({ metadata = {}, tensors = [], alignment = 32 }: { metadata?: Record<string, string | number | string[]>; tensors?: GgufTensor[]; alignment?: number }): Buffer {
  const entries = Object.entries(alignment === 32 ? metadata : { ...metadata, 'general.alignment': alignment });
  const kv = entries.map(([key, value]) => {
    if (typeof value === 'number') return Buffer.concat([ggufString(key), u32(4), u32(value)]);
    if (typeof value === 'string') return Buffer.concat([ggufString(key), u32(8), ggufString(value)]);
    return Buffer.concat([ggufString(key), u32(9), u32(8), u64(value.length), ...value.map(ggufString)]);
  });
  let running = 0;
  const infos = tensors.map((t) => {
    const offset = t.offset ?? running;
    running = alignTo(offset + t.bytes, alignment);
    return Buffer.concat([ggufString(t.name), u32(t.shape.length), ...t.shape.map(u64), u32(t.type), u64(offset)]);
  });
  const head = Buffer.concat([Buffer.from('GGUF'), u32(3), u64(tensors.length), u64(entries.length), ...kv, ...infos]);
  const data = tensors.map((t) => Buffer.concat([Buffer.alloc(t.bytes, 0x3f), Buffer.alloc(alignTo(t.bytes, alignment) - t.bytes)]));
  return Buffer.concat([head, Buffer.alloc(alignTo(head.length, alignment) - head.length), ...data]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export type ZipSpec = {
  name: string;
  data: Uint8Array;
  /** Deflate the data (torch.save stores; numpy.savez_compressed and zipfile.ZIP_DEFLATED deflate). */
  deflate?: boolean;
  /** Sizes written in the directory instead of the true ones: how a bomb lies. */
  declaredUncompressed?: number;
  declaredCompressed?: number;
  flags?: number;
};

/** A ZIP of stored or deflated entries, built byte by byte so tests can forge what real tools never write. */
export function zipOf(entries: ZipSpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const spec of entries) {
    const fileName = Buffer.from(spec.name, 'utf8');
    const body = spec.deflate ? zlib.deflateRawSync(spec.data, { level: 9 }) : Buffer.from(spec.data);
    const crc = crc32(spec.data);
    const compressed = spec.declaredCompressed ?? body.length;
    const uncompressed = spec.declaredUncompressed ?? spec.data.length;
    const method = spec.deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(spec.flags ?? 0, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed, 18);
    local.writeUInt32LE(uncompressed, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(spec.flags ?? 0, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed, 20);
    central.writeUInt32LE(uncompressed, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, body);
    centrals.push(central, fileName);
    offset += 30 + fileName.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A ZIP with stored (uncompressed) entries, as torch.save writes them. */
export const storedZip = (entries: { name: string; data: Uint8Array }[]) => zipOf(entries);

/** A .npy file (format 1.0): the header dict padded to 64 bytes, then `data`; a structured descr is a list literal. */
export function npyFile(descr: string, shape: number[], data: Uint8Array): Buffer {
  const dict = `{'descr': ${descr.startsWith('[') ? descr : `'${descr}'`}, 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const padded = dict.padEnd(Math.ceil((10 + dict.length + 1) / 64) * 64 - 10 - 1, ' ') + '\n';
  const length = Buffer.alloc(2);
  length.writeUInt16LE(padded.length);
  return Buffer.concat([Buffer.from('\x93NUMPY\x01\x00', 'latin1'), length, Buffer.from(padded, 'latin1'), Buffer.from(data)]);
}

/** A safetensors file: 8-byte little-endian header length, the header, then `dataSize` zero bytes. */
export function safetensorsFile(header: object | string, dataSize: number, declaredLength?: bigint): Buffer {
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(declaredLength ?? BigInt(json.length));
  return Buffer.concat([length, json, Buffer.alloc(dataSize)]);
}

/** A temporary directory for this test file, removed after it. */
export function tempDir(): (name: string, content: Uint8Array) => string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provenant-scan-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return (name, content) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };
}
