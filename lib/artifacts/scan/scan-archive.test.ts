import { open } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ARCHIVE_LIMITS, ArchiveBudget, type ArchiveLimits } from './archive-limits';
import { scanArchive, type ArchiveScan } from './scan-archive';
import { scanArtifact } from './scan-artifact';
import { bytes, npyFile, OS_SYSTEM_PICKLE, tempDir, TENSOR_PICKLE, zipOf, type ZipSpec } from './testing';

const write = tempDir();
let files = 0;
const MB = 1 << 20;
const SYSTEM_P2 = bytes('\x80\x02', OS_SYSTEM_PICKLE);

async function scanZip(entries: ZipSpec[] | Buffer, limits: ArchiveLimits = ARCHIVE_LIMITS): Promise<ArchiveScan> {
  const content = Buffer.isBuffer(entries) ? entries : zipOf(entries);
  const handle = await open(write(`archive-${files++}.zip`, content), 'r');
  try {
    return await scanArchive(handle, content.length, limits);
  } finally {
    await handle.close();
  }
}
const critical = (result: ArchiveScan) => result.scan.findings.filter((f) => f.severity === 'critical');
const torchEntries = (pickle: Uint8Array, name = 'archive/data.pkl'): ZipSpec[] => [
  { name, data: pickle },
  { name: 'archive/data/0', data: Buffer.alloc(24, 0x3f) },
  { name: 'archive/version', data: Buffer.from('3\n') },
];

describe('every ZIP entry that is a pickle is scanned, whatever its name', () => {
  it.each([
    ['archive/data.pkl', 'archive/data.pkl'],
    ['a .pkl elsewhere', 'foo/bar.pkl'],
    ['a bare name', 'x'],
    ['a misleading extension', 'weights.safetensors'],
    ['a text-file name on a protocol 0 pickle', 'notes.txt'],
    ['a torch storage slot', 'archive/data/0'],
  ])('%s is unsafe, naming the entry', async (_label, name) => {
    const data = name === 'notes.txt' ? OS_SYSTEM_PICKLE : SYSTEM_P2;
    const entries = name === 'archive/data.pkl' ? torchEntries(data) : [...torchEntries(TENSOR_PICKLE).filter((e) => e.name !== name), { name, data }];
    const result = await scanZip(entries);
    expect(result.scan.status).toBe('unsafe');
    expect(critical(result)[0]!.message).toMatch(new RegExp(`^${name.replace(/[./]/g, '\\$&')}: imports os\\.system`));
  });

  it('scans deflated pickle entries, and passes a clean PyTorch archive', async () => {
    expect((await scanZip(torchEntries(SYSTEM_P2).map((e) => ({ ...e, deflate: true })))).scan.status).toBe('unsafe');
    const clean = await scanZip(torchEntries(TENSOR_PICKLE));
    expect(clean).toMatchObject({ format: 'pytorch', scan: { status: 'clean' } });
  });

  it('calls TorchScript source unsafe: torch.jit.load compiles and runs it', async () => {
    const result = await scanZip([...torchEntries(TENSOR_PICKLE), { name: 'archive/code/__torch__/model.py', data: Buffer.from('def forward(self, x):\n    return x\n') }]);
    expect(critical(result)[0]).toMatchObject({ code: 'torchscript_code' });
  });

  it('searches the archive comment and stray bytes between entries for pickles', async () => {
    const zip = zipOf(torchEntries(TENSOR_PICKLE));
    const commented = Buffer.concat([zip.subarray(0, zip.length - 2), Buffer.from([SYSTEM_P2.length, 0]), SYSTEM_P2]);
    const result = await scanZip(commented);
    expect(critical(result)[0]).toMatchObject({ code: 'embedded_pickle', message: expect.stringContaining('os.system') });
    const directoryAt = zip.readUInt32LE(zip.length - 6);
    const gap = Buffer.concat([zip.subarray(0, directoryAt), SYSTEM_P2, zip.subarray(directoryAt)]);
    gap.writeUInt32LE(directoryAt + SYSTEM_P2.length, gap.length - 6);
    expect(critical(await scanZip(gap))[0]).toMatchObject({ code: 'embedded_pickle' });
  });

  it('leaves an archive of entries it cannot classify unknown, never clean', async () => {
    const result = await scanZip([{ name: 'readme.md', data: Buffer.from('# a model\n') }]);
    expect(result.scan.status).toBe('unknown');
  });
});

describe('NumPy arrays', () => {
  const objectArray = npyFile('|O', [1], SYSTEM_P2);
  const numeric = npyFile('<f4', [2, 3], Buffer.alloc(24));

  it('an object-dtype .npy is unsafe, on its own and inside an .npz, stored or deflated', async () => {
    const file = await scanArtifact(write('object.npy', objectArray));
    expect(file.scan.status).toBe('unsafe');
    expect(file.scan.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['npy_object_dtype', 'unsafe_serialization']));
    for (const deflate of [false, true]) {
      const archive = await scanZip([{ name: 'w.npy', data: numeric, deflate }, { name: 'o.npy', data: objectArray, deflate }]);
      expect(archive.scan.status).toBe('unsafe');
      expect(critical(archive)[0]).toMatchObject({ code: 'npy_object_dtype', message: expect.stringMatching(/^o\.npy: /) });
    }
    const structured = await scanArtifact(write('structured.npy', npyFile("[('a', '<f4'), ('b', '|O')]", [1], SYSTEM_P2)));
    expect(structured.scan.findings[0]).toMatchObject({ code: 'npy_object_dtype', severity: 'critical' });
  });

  it('a numeric .npy is clean once its header and size check out, and not otherwise', async () => {
    expect((await scanArtifact(write('w.npy', numeric))).scan.status).toBe('clean');
    expect((await scanZip([{ name: 'w.npy', data: numeric, deflate: true }])).scan.status).toBe('clean');
    expect((await scanArtifact(write('short.npy', numeric.subarray(0, numeric.length - 4)))).scan.status).toBe('unknown');
    expect((await scanZip([{ name: 'long.npy', data: bytes(numeric, [0]) }])).scan.status).toBe('unknown');
  });
});

describe('archive bounds: over a cap is unsafe, named, and stops early', () => {
  const zeros = Buffer.alloc(4 * MB);

  it('refuses a few MB of deflated zeros by compression ratio, before inflating anything', async () => {
    const result = await scanZip([{ name: 'archive/data.pkl', data: zeros, deflate: true }]);
    expect(result.scan.status).toBe('unsafe');
    expect(critical(result)[0]).toMatchObject({ code: 'archive_limit', message: expect.stringContaining('compression ratio') });
    expect(result.stats.inflatedBytes).toBe(0);
  });

  it('refuses a small ZIP that declares gigabytes, per entry and in total', async () => {
    const huge = await scanZip([{ name: 'a', data: zeros, deflate: true, declaredUncompressed: 0xfffffff0 }]);
    expect(critical(huge)[0]!.message).toContain('entry size');
    const many = await scanZip(['a', 'b', 'c'].map((name) => ({ name, data: zeros, deflate: true, declaredUncompressed: 900 * MB, declaredCompressed: 20 * MB })));
    expect(critical(many)[0]!.message).toContain('total size');
    expect(many.stats.inflatedBytes + huge.stats.inflatedBytes).toBe(0);
  });

  it('stops inflating an entry whose directory understates its size, at the declared size', async () => {
    const result = await scanZip([{ name: 'archive/data.pkl', data: Buffer.alloc(16 * MB), deflate: true, declaredUncompressed: 1000 }]);
    expect(result.scan.status).toBe('unsafe');
    expect(critical(result)[0]!.message).toContain('more than the 1000 bytes its directory entry declares');
    expect(result.stats.inflatedBytes).toBeLessThan(1000 + 64 * 1024 + 1);
  });

  it('charges every inflated byte to the budget and stops at the per-entry and total caps', () => {
    const budget = new ArchiveBudget({ ...ARCHIVE_LIMITS, maxEntryBytes: 10, maxTotalBytes: 15 });
    budget.addInflated(8, 8, 'a');
    expect(() => budget.addInflated(4, 12, 'a')).toThrow(/entry size/);
    expect(() => budget.addInflated(4, 4, 'b')).toThrow(/total size/);
    expect(budget.inflatedBytes).toBe(16);
  });

  it('refuses more entries than the cap from the directory, without scanning them', async () => {
    const entries = Array.from({ length: ARCHIVE_LIMITS.maxEntries + 1 }, (_, i) => ({ name: `e${i}`, data: new Uint8Array(0) }));
    const result = await scanZip(entries);
    expect(critical(result)[0]!.message).toContain('entry count');
    expect(result.stats.entriesScanned).toBe(0);
  });

  it('scans a ZIP inside a ZIP, and refuses one nested deeper than the cap', async () => {
    const inner = zipOf(torchEntries(SYSTEM_P2));
    const nested = await scanZip([{ name: 'inner.zip', data: inner }]);
    expect(critical(nested)[0]!.message).toMatch(/^inner\.zip!archive\/data\.pkl: imports os\.system/);
    expect((await scanZip([{ name: 'inner.zip', data: zipOf(torchEntries(TENSOR_PICKLE)) }])).scan.status).toBe('clean');
    const deep = await scanZip([{ name: 'a.zip', data: zipOf([{ name: 'b.zip', data: zipOf([{ name: 'c.pkl', data: TENSOR_PICKLE }]) }]) }]);
    expect(critical(deep)[0]).toMatchObject({ code: 'archive_limit', message: expect.stringContaining('nesting depth') });
  });

  it('stops when the wall-time budget is spent', async () => {
    const result = await scanZip(torchEntries(TENSOR_PICKLE), { ...ARCHIVE_LIMITS, maxMillis: -1 });
    expect(critical(result)[0]!.message).toContain('wall time');
    expect(result.stats.entriesScanned).toBe(0);
  });

  it('refuses entries that overlap (the non-recursive zip bomb reads one payload as many entries)', async () => {
    const zip = zipOf([{ name: 'a', data: TENSOR_PICKLE }]);
    const directoryAt = zip.readUInt32LE(zip.length - 6);
    const central = zip.subarray(directoryAt, zip.length - 22);
    const end = Buffer.from(zip.subarray(zip.length - 22));
    end.writeUInt16LE(2, 8);
    end.writeUInt16LE(2, 10);
    end.writeUInt32LE(central.length * 2, 12);
    const result = await scanZip(Buffer.concat([zip.subarray(0, directoryAt), central, central, end]));
    expect(critical(result)[0]!.message).toContain('overlap');
  });
});
