import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanArtifact, SCANNER_VERSION, type ArtifactScanResult } from './scan-artifact';
import { bytes, GGUF_MODEL, hasPython, ONNX_MODEL, OS_SYSTEM_PICKLE, python, safetensorsFile, storedZip, tempDir, TENSOR_PICKLE } from './testing';

const write = tempDir();
const codes = (result: ArtifactScanResult) => result.scan.findings.map((f) => f.code);
const MALICIOUS_PROTO2 = bytes('\x80\x02', OS_SYSTEM_PICKLE);

/** What torch.save puts next to data.pkl. */
function pytorchZip(pickles: Record<string, Uint8Array>) {
  return storedZip([
    ...Object.entries(pickles).map(([name, data]) => ({ name, data })),
    { name: 'archive/data/0', data: Buffer.alloc(24) },
    { name: 'archive/version', data: Buffer.from('3\n') },
    { name: 'archive/byteorder', data: Buffer.from('little') },
  ]);
}

describe('scanArtifact on pickles', () => {
  it('passes a tensor-only pickle and flags an os.system one', async () => {
    expect(await scanArtifact(write('ok.bin', TENSOR_PICKLE))).toMatchObject({ format: 'pickle', scan: { status: 'clean' } });
    const bad = await scanArtifact(write('bad.bin', MALICIOUS_PROTO2));
    expect(bad).toMatchObject({ format: 'pickle', scan: { status: 'unsafe' } });
    expect(bad.scan.findings[0]).toMatchObject({ code: 'unsafe_serialization', severity: 'critical', message: expect.stringContaining('os.system') });
  });

  it('reports a truncated pickle as a finding, without throwing', async () => {
    const result = await scanArtifact(write('cut.pkl', TENSOR_PICKLE.subarray(0, 100)));
    expect(result).toMatchObject({ format: 'pickle', scan: { status: 'unknown' } });
    expect(codes(result)).toEqual(['truncated_pickle']);
  });

  it('streams past an argument far larger than the scanner buffers', async () => {
    const length = 8 * 1024 * 1024;
    const header = Buffer.alloc(9);
    header[0] = 0x8e; // BINBYTES8
    header.writeBigUInt64LE(BigInt(length), 1);
    const file = write('big.pkl', bytes('\x80\x04', header));
    fs.appendFileSync(file, Buffer.alloc(length, 7));
    fs.appendFileSync(file, bytes('\x94.'));
    expect(await scanArtifact(file)).toMatchObject({ format: 'pickle', scan: { status: 'clean' } });
  });

  it('scans the five pickles of a legacy torch.save file and walks the raw storage records after them to the end', async () => {
    const magic = bytes('\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19\x2e');
    const rest = bytes('\x80\x02M\xe9\x03.', '\x80\x02}q\x00.', TENSOR_PICKLE, '\x80\x02]q\x00X\x01\x00\x00\x000a.', [24, 0, 0, 0, 0, 0, 0, 0], Buffer.alloc(24, 0xff));
    const legacy = await scanArtifact(write('legacy.pt', bytes(magic, rest)));
    expect(legacy).toMatchObject({ format: 'pickle', scan: { status: 'clean' } });
    expect(codes(legacy)).toContain('legacy_torch_format');
    for (const tail of [bytes('junk'), bytes([0x80, 0x02], OS_SYSTEM_PICKLE)]) {
      const extended = await scanArtifact(write(`legacy-${tail.length}.pt`, bytes(magic, rest, tail)));
      expect(extended.scan.status, 'bytes after the last storage record').not.toBe('clean');
      expect(extended.scan.findings.map((f) => f.code)).toContain('trailing_data');
    }
    expect((await scanArtifact(write('legacy-pickled.pt', bytes(magic, rest, '\x80\x02', OS_SYSTEM_PICKLE)))).scan.status).toBe('unsafe');
    const imitation = await scanArtifact(write('imitation.pt', bytes('\x80\x02K\x01.', rest)));
    expect(imitation.scan.status).toBe('unknown');
    expect(codes(imitation)).toEqual(['trailing_data']);
  });
});

describe('scanArtifact on PyTorch ZIP archives', () => {
  it('passes an archive whose data.pkl only rebuilds tensors', async () => {
    const result = await scanArtifact(write('ok.pt', pytorchZip({ 'archive/data.pkl': TENSOR_PICKLE })));
    expect(result).toMatchObject({ format: 'pytorch', scan: { status: 'clean' } });
    expect(result.scan.findings.find((f) => f.code === 'pickle_scanned')?.message).toContain('archive/data.pkl');
    expect(result.scan.findings.find((f) => f.code === 'pytorch_archive')?.message).toContain('1 pickle, 1 storage, 2 metadata');
  });

  it('flags an archive whose data.pkl calls os.system, naming the entry', async () => {
    const result = await scanArtifact(write('bad.pt', pytorchZip({ 'archive/data.pkl': MALICIOUS_PROTO2 })));
    expect(result).toMatchObject({ format: 'pytorch', scan: { status: 'unsafe' } });
    expect(result.scan.findings[0]!.message).toMatch(/^archive\/data\.pkl: imports os\.system/);
  });

  it('scans every .pkl entry, not only data.pkl', async () => {
    const result = await scanArtifact(write('extra.pt', pytorchZip({ 'archive/data.pkl': TENSOR_PICKLE, 'archive/constants.pkl': MALICIOUS_PROTO2 })));
    expect(result.scan.status).toBe('unsafe');
    expect(result.scan.findings[0]!.message).toContain('archive/constants.pkl');
  });

  it('does not call a ZIP without data.pkl pytorch, nor a broken ZIP anything', async () => {
    const plain = await scanArtifact(write('plain.zip', storedZip([{ name: 'readme.txt', data: Buffer.from('hi') }])));
    expect(plain).toMatchObject({ format: 'other', scan: { status: 'unknown' } });
    expect(codes(plain)).toEqual(['unrecognized_entry', 'zip_archive']);
    const broken = await scanArtifact(write('broken.zip', bytes('PK\x03\x04', Buffer.alloc(64))));
    expect(broken).toMatchObject({ format: 'other', scan: { status: 'unknown' } });
    expect(codes(broken)).toEqual(['malformed_archive']);
  });

  it.skipIf(!hasPython)('reads deflated archives written by python3 zipfile', async () => {
    const dir = path.dirname(write('marker', Buffer.alloc(0)));
    const make = (name: string, payload: string) =>
      python(`import zipfile\nwith zipfile.ZipFile(${JSON.stringify(path.join(dir, name))}, 'w', zipfile.ZIP_DEFLATED) as z:\n    z.writestr('model/data.pkl', ${payload})\n    z.writestr('model/data/0', bytes(16))`);
    make('py-ok.pt', `pickle.dumps({'layers': [[0.5, 1.5], [2.5]]}, 2)`);
    make('py-bad.pt', `b''.join([b'\\x80\\x02cposix\\nsystem\\n(X\\x02\\x00\\x00\\x00idtR.'])`);
    make('py-reduce.pt', `__import__('pickle').dumps(type('P', (), {'__reduce__': lambda self: (__import__('os').system, ('id',))})(), 4)`);
    expect(await scanArtifact(path.join(dir, 'py-ok.pt'))).toMatchObject({ format: 'pytorch', scan: { status: 'clean' } });
    expect(await scanArtifact(path.join(dir, 'py-bad.pt'))).toMatchObject({ format: 'pytorch', scan: { status: 'unsafe' } });
    expect(await scanArtifact(path.join(dir, 'py-reduce.pt'))).toMatchObject({ format: 'pytorch', scan: { status: 'unsafe' } });
  });
});

describe('scanArtifact on other formats', () => {
  it('validates safetensors headers', async () => {
    const header = { w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
    expect(await scanArtifact(write('ok.safetensors', safetensorsFile(header, 8)))).toMatchObject({ format: 'safetensors', scan: { status: 'clean' } });
    const outside = await scanArtifact(write('bad.safetensors', safetensorsFile({ w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, 8)));
    expect(outside).toMatchObject({ format: 'safetensors', scan: { status: 'unsafe' } });
    expect(codes(outside)).toEqual(['offsets_out_of_bounds']);
  });

  it('passes GGUF and ONNX files parsed to their last byte, with an informational finding', async () => {
    for (const [name, content, format, code] of [['m.gguf', GGUF_MODEL, 'gguf', 'gguf_parsed'], ['m.onnx', ONNX_MODEL, 'onnx', 'onnx_parsed']] as const) {
      const result = await scanArtifact(write(name, content));
      expect(result).toEqual({ format, scan: { status: 'clean', findings: [expect.objectContaining({ code, severity: 'info' })], scannerVersion: SCANNER_VERSION } });
    }
  });

  it('calls unrecognised bytes other, status unknown', async () => {
    const result = await scanArtifact(write('notes.txt', Buffer.from('just some notes\n')));
    expect(result).toEqual({ format: 'other', scan: { status: 'unknown', findings: [expect.objectContaining({ code: 'unrecognized_format' })], scannerVersion: SCANNER_VERSION } });
    expect((await scanArtifact(write('empty', Buffer.alloc(0)))).format).toBe('other');
  });

  it('rejects a path that does not exist', async () => {
    await expect(scanArtifact(path.join(path.dirname(write('x', Buffer.alloc(0))), 'missing'))).rejects.toThrow(/ENOENT/);
  });
});

describe('scanArtifact findings', () => {
  it('are bounded and printable whatever names the file carries', async () => {
    const name = `evil\u0000\u001b[31m${'😈'.repeat(2000)}`;
    const pickle = bytes('\x80\x02', Buffer.from(`c${name}\nsystem\n(S'id'\ntR.`, 'utf8'));
    const zip = storedZip([{ name: `${'dir/'.repeat(300)}\u0007.pkl`, data: pickle }]);
    for (const content of [pickle, zip]) {
      const result = await scanArtifact(write(`long-${content.length}`, content));
      expect(result.scan.status).toBe('unsafe');
      for (const f of result.scan.findings) {
        expect(Array.from(f.message).length).toBeLessThanOrEqual(400);
        expect(f.message.isWellFormed()).toBe(true);
        expect(f.message).not.toMatch(/[\u0000-\u001f]/);
      }
    }
  });
});
