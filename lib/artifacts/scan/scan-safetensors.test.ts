import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { checkSafetensorsHeader, scanSafetensorsFile } from './scan-safetensors';
import { safetensorsFile, tempDir } from './testing';

const write = tempDir();
const GOOD = {
  __metadata__: { format: 'pt' },
  'layer.weight': { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] },
  'layer.bias': { dtype: 'BF16', shape: [3], data_offsets: [24, 30] },
  'packed.scales': { dtype: 'F4', shape: [4], data_offsets: [30, 32] },
};

async function scanFile(content: Buffer) {
  const handle = await fs.open(write(`f-${Math.random().toString(36).slice(2)}.bin`, content), 'r');
  try {
    return await scanSafetensorsFile(handle, content.length);
  } finally {
    await handle.close();
  }
}

const header = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const codesOf = (result: { findings: { code: string; severity: string }[] }) => result.findings.map((f) => `${f.severity}:${f.code}`);

describe('safetensors header', () => {
  it('passes a consistent header, metadata and sub-byte dtype included', async () => {
    const result = await scanFile(safetensorsFile(GOOD, 32));
    expect(result.status).toBe('clean');
    expect(result.findings).toEqual([expect.objectContaining({ code: 'safetensors_header', severity: 'info', message: expect.stringContaining('3 tensors') })]);
  });

  it('counts one tensor in the singular', async () => {
    const one = await scanFile(safetensorsFile({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, 8));
    expect(one.findings).toEqual([expect.objectContaining({ code: 'safetensors_header', message: expect.stringMatching(/^safetensors: 1 tensor, /) })]);
  });

  it('reports a header length past the end of the file', async () => {
    const result = await scanFile(safetensorsFile(GOOD, 32, 10_000n));
    expect(result.status).toBe('unsafe');
    expect(codesOf(result)).toEqual(['critical:header_out_of_bounds']);
  });

  it('reports a header length over the cap without reading it', async () => {
    expect(codesOf(await scanFile(safetensorsFile(GOOD, 32, 2n ** 40n)))).toEqual(['critical:header_too_large']);
  });

  it('reports a file shorter than its length prefix', async () => {
    expect(codesOf(await scanFile(Buffer.from([1, 2, 3])))).toEqual(['critical:malformed_header']);
  });

  it.each([
    ['invalid JSON', '{"a": {"dtype": "F32",'],
    ['a JSON array', '[1, 2]'],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]).toString('latin1')],
    ['metadata that is not a string map', { __metadata__: { epochs: 3 } }],
    ['an entry that is not an object', { w: 3 }],
    ['data_offsets that are not two integers', { w: { dtype: 'U8', shape: [1], data_offsets: [0] } }],
  ])('reports %s as a malformed header', (_label, value) => {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : header(value);
    const result = checkSafetensorsHeader(bytes, 1);
    expect(result.status).toBe('unsafe');
    expect(codesOf(result)).toContain('critical:malformed_header');
  });

  it.each([
    ['offsets past the data area', { w: { dtype: 'U8', shape: [8], data_offsets: [0, 8] } }, 4, 'offsets_out_of_bounds'],
    ['offsets that end before they begin', { w: { dtype: 'U8', shape: [0], data_offsets: [4, 2] } }, 4, 'offsets_out_of_bounds'],
    ['a size that disagrees with dtype and shape', { w: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, 4, 'size_mismatch'],
    ['a fractional number of bytes', { w: { dtype: 'F4', shape: [3], data_offsets: [0, 2] } }, 2, 'size_mismatch'],
    ['an unknown dtype', { w: { dtype: 'F128', shape: [1], data_offsets: [0, 16] } }, 16, 'invalid_dtype'],
    ['a negative dimension', { w: { dtype: 'U8', shape: [-1], data_offsets: [0, 0] } }, 0, 'invalid_shape'],
    ['overlapping tensors', { a: { dtype: 'U8', shape: [4], data_offsets: [0, 4] }, b: { dtype: 'U8', shape: [4], data_offsets: [2, 6] } }, 6, 'overlapping_tensors'],
  ])('reports %s as critical', (_label, value, dataSize, code) => {
    const result = checkSafetensorsHeader(header(value), dataSize);
    expect(result.status).toBe('unsafe');
    expect(codesOf(result)).toContain(`critical:${code}`);
  });

  it('reports bytes that no tensor claims as a warning', () => {
    const result = checkSafetensorsHeader(header({ a: { dtype: 'U8', shape: [2], data_offsets: [2, 4] } }), 8);
    expect(result.status).toBe('unknown');
    expect(result.findings).toEqual([expect.objectContaining({ code: 'unreferenced_bytes', message: expect.stringContaining('6 bytes') })]);
  });

  it('accepts zero-sized tensors and the padding spaces writers add', () => {
    const padded = Buffer.concat([header({ e: { dtype: 'F16', shape: [0, 4], data_offsets: [0, 0] }, x: { dtype: 'U8', shape: [1], data_offsets: [0, 1] } }), Buffer.from('   ')]);
    expect(checkSafetensorsHeader(padded, 1).status).toBe('clean');
  });
});
