import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

/** A ZIP with stored (uncompressed) entries, as torch.save writes them. */
export function storedZip(entries: { name: string; data: Uint8Array }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, Buffer.from(data));
    centrals.push(central, fileName);
    offset += 30 + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
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
