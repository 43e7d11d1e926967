import { describe, expect, it } from 'vitest';
import { detectFormat, sniffFormat } from './detect-format';
import { bytes, GGUF_MODEL, ONNX_MODEL, OS_SYSTEM_PICKLE, protobufField, safetensorsFile, storedZip, tempDir, TENSOR_PICKLE } from './testing';

const write = tempDir();
const sniff = (data: Uint8Array) => sniffFormat(data, data.length);

describe('sniffFormat', () => {
  it('recognises pickles with a protocol header and headerless protocol 0/1 pickles', () => {
    expect(sniff(bytes('\x80\x04\x95'))).toBe('pickle');
    expect(sniff(bytes('\x80\x02', OS_SYSTEM_PICKLE))).toBe('pickle');
    expect(sniff(OS_SYSTEM_PICKLE)).toBe('pickle');
    expect(sniff(bytes('(lp0\n', 'I1\na'.repeat(20_000), '.').subarray(0, 64 * 1024))).toBe('pickle');
  });

  it('recognises safetensors, GGUF and ONNX from their bytes', () => {
    expect(sniff(safetensorsFile({ w: { dtype: 'U8', shape: [1], data_offsets: [0, 1] } }, 1))).toBe('safetensors');
    expect(sniff(safetensorsFile({ w: 1 }, 0, 10_000n))).toBe('safetensors');
    expect(sniff(GGUF_MODEL)).toBe('gguf');
    expect(sniff(ONNX_MODEL)).toBe('onnx');
    expect(sniff(storedZip([{ name: 'a', data: Buffer.from('x') }]))).toBe('zip');
  });

  it.each([
    ['empty input', bytes('')],
    ['plain text', bytes('hello world, this is not a model\n')],
    ['JSON', bytes('{"weights": [1, 2, 3]}')],
    ['CSV', bytes('id,name\n1,a\n2,b\n')],
    ['GGUF magic with an impossible version', bytes('GGUF', [0x41, 0x41, 0x41, 0x41], Buffer.alloc(16))],
    ['protobuf with a field ModelProto does not have', bytes([0x08, 0x08], protobufField(0x4a, Buffer.from('x')), ONNX_MODEL.subarray(2))],
    ['ONNX bytes whose graph runs past the file', ONNX_MODEL.subarray(0, 30)],
    ['a protocol 0 stream that underflows', bytes('a.')],
    ['a truncated headerless pickle', OS_SYSTEM_PICKLE.subarray(0, 12)],
  ])('calls %s other', (_label, data) => {
    expect(sniff(data)).toBe('other');
  });
});

describe('detectFormat', () => {
  it('ignores the file name', async () => {
    expect(await detectFormat(write('model.pkl', safetensorsFile({ w: { dtype: 'U8', shape: [1], data_offsets: [0, 1] } }, 1)))).toBe('safetensors');
    expect(await detectFormat(write('model.safetensors', TENSOR_PICKLE))).toBe('pickle');
    expect(await detectFormat(write('model.onnx', GGUF_MODEL))).toBe('gguf');
  });

  it('calls a ZIP pytorch only when data.pkl sits at its root or one directory down', async () => {
    const data = Buffer.from(TENSOR_PICKLE);
    expect(await detectFormat(write('a.zip', storedZip([{ name: 'archive/data.pkl', data }])))).toBe('pytorch');
    expect(await detectFormat(write('b.zip', storedZip([{ name: 'data.pkl', data }])))).toBe('pytorch');
    expect(await detectFormat(write('c.zip', storedZip([{ name: 'a/b/data.pkl', data }])))).toBe('other');
    expect(await detectFormat(write('d.zip', storedZip([{ name: 'archive/weights.bin', data }])))).toBe('other');
    expect(await detectFormat(write('e.zip', bytes('PK\x03\x04', 'not really a zip')))).toBe('other');
  });
});
