import { describe, expect, it } from 'vitest';
import { PUBLIC_FIXTURES } from './fixtures/public-scanner-fixtures';
import { scanArtifact, type ArtifactScanResult } from './scan-artifact';
import { bytes, GGUF_MODEL, ggufFile, npyFile, ONNX_MODEL, safetensorsFile, shortUnicode, storedZip, tempDir, TENSOR_PICKLE } from './testing';

const write = tempDir();
let files = 0;
const scan = (content: Uint8Array) => scanArtifact(write(`polyglot-${files++}`, content));
const critical = (result: ArtifactScanResult) => result.scan.findings.filter((f) => f.severity === 'critical');

/** A pickle calling posix.system, at protocol 2 (GLOBAL) and at protocol 4 (STACK_GLOBAL through the memo). */
const SYSTEM_P2 = bytes('\x80\x02', "cposix\nsystem\n(S'id'\ntR.");
const SYSTEM_P4 = bytes('\x80\x04', shortUnicode('posix'), '\x94', shortUnicode('system'), '\x94\x93\x94', shortUnicode('id'), '\x85R.');
const SAFETENSORS = safetensorsFile({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, 8);

function expectUnsafe(result: ArtifactScanResult, mention = 'posix.system') {
  expect(result.scan.status).toBe('unsafe');
  expect(critical(result).map((f) => f.message).join('\n')).toContain(mention);
}

describe('a file that is a model format and a pickle', () => {
  it('GGUF\\x03\\x00\\x00\\x00\\x00 followed by a pickle calling posix.system is unsafe, not clean', async () => {
    // BINFLOAT ('G') swallows the next 8 bytes, so pickle.load runs what follows the 9-byte GGUF prefix.
    const result = await scan(bytes('GGUF\x03\x00\x00\x00\x00', SYSTEM_P2));
    expect(result.format).toBe('gguf');
    expectUnsafe(result);
    expect(critical(result)[0]!.code).toBe('loads_as_pickle');
    expect(result.scan.findings.map((f) => f.code)).toContain('malformed_gguf');
  });

  it.each([
    ['GGUF v2 prefix, protocol 4', bytes('GGUF\x02\x00\x00\x00\x00', SYSTEM_P4)],
    ['GGUF prefix, protocol 0', bytes('GGUF\x03\x00\x00\x00\x00', "cposix\nsystem\n(S'id'\ntR.")],
    ['a pickle ahead of a valid GGUF', bytes(SYSTEM_P2, GGUF_MODEL)],
    ['a pickle ahead of a PyTorch ZIP', bytes(SYSTEM_P2, storedZip([{ name: 'archive/data.pkl', data: TENSOR_PICKLE }]))],
    ['a ZIP local-header prefix then a pickle (PERSID swallows the line)', bytes('PK\x03\x04\n', SYSTEM_P2)],
  ])('%s is unsafe', async (_label, content) => {
    expectUnsafe(await scan(content));
  });

  it('calls even an allowlisted pickle behind a GGUF prefix unsafe: a model file that also loads as a pickle is a polyglot', async () => {
    const result = await scan(bytes('GGUF\x03\x00\x00\x00\x00', TENSOR_PICKLE));
    expect(result.scan.status).toBe('unsafe');
    expect(critical(result)[0]).toMatchObject({ code: 'loads_as_pickle', message: expect.stringContaining('collections.OrderedDict') });
  });
});

describe('a pickle hidden after a valid or valid-looking header', () => {
  it.each([
    ['a valid GGUF with a pickle appended', bytes(GGUF_MODEL, SYSTEM_P2)],
    ['a GGUF with tensors and a pickle appended', bytes(ggufFile({ metadata: { 'general.architecture': 'llama' }, tensors: [{ name: 'w', shape: [8], type: 0, bytes: 32 }] }), SYSTEM_P4)],
    ['a GGUF header whose counts are a pickle', bytes('GGUF\x03\x00\x00\x00', SYSTEM_P4)],
    ['a GGUF whose metadata key runs into a pickle', bytes('GGUF\x03\x00\x00\x00', [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], SYSTEM_P2)],
    ['a valid safetensors file with a pickle appended', bytes(SAFETENSORS, SYSTEM_P2)],
    ['a safetensors header with no tensors, then a pickle as data', bytes(safetensorsFile({ __metadata__: { format: 'pt' } }, 0), SYSTEM_P4)],
    ['an ONNX model with a pickle appended', bytes(ONNX_MODEL, SYSTEM_P2)],
    ['an ONNX model with a protocol 4 pickle appended', bytes(ONNX_MODEL, SYSTEM_P4)],
    ['a ZIP with a pickle appended after its end record', bytes(storedZip([{ name: 'archive/data.pkl', data: TENSOR_PICKLE }]), SYSTEM_P2)],
    ['a numeric .npy with a pickle appended', bytes(npyFile('<f4', [2], Buffer.alloc(8)), SYSTEM_P2)],
    ['a clean pickle, junk, then a pickle', bytes(TENSOR_PICKLE, 'junk\xff', SYSTEM_P2)],
    ['unrecognised bytes, then a pickle', bytes('\x00\x01\x02 not a model format \xff', SYSTEM_P4)],
  ])('%s is unsafe', async (_label, content) => {
    expectUnsafe(await scan(content));
  });

  it('keeps the formats clean when nothing follows them', async () => {
    for (const content of [GGUF_MODEL, SAFETENSORS, ONNX_MODEL, npyFile('<f4', [2], Buffer.alloc(8)), TENSOR_PICKLE]) {
      expect((await scan(content)).scan.status).toBe('clean');
    }
  });
});

describe('a truncated pickle', () => {
  it.each([
    ['protocol 0 builtins.exec cut before REDUCE', bytes("cbuiltins\nexec\n(S'import os; os.system(\"id\")'\nt")],
    ['protocol 0 __builtin__.exec cut inside its argument', bytes("c__builtin__\nexec\n(S'import os")],
    ['protocol 2 builtins.exec cut before STOP', bytes('\x80\x02', "cbuiltins\nexec\n(S'print(1)'\ntR")],
    // mmaitre314/picklescan tests/data/broken_model.pkl: GLOBAL builtins.exec, then a BINUNICODE whose length runs past the end.
    ['picklescan broken_model.pkl', Buffer.from(PUBLIC_FIXTURES['mmaitre314/picklescan/tests/data/broken_model.pkl']!, 'base64')],
  ])('%s that imported builtins.exec is unsafe', async (_label, content) => {
    expectUnsafe(await scan(content), 'builtins.exec');
  });

  it('is never clean even when all it imported is allowlisted', async () => {
    for (let cut = 1; cut < TENSOR_PICKLE.length; cut += 7) {
      expect((await scan(TENSOR_PICKLE.subarray(0, cut))).scan.status).not.toBe('clean');
    }
  });
});
