import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanArtifact } from './scan-artifact';
import { hasNumpy, python, tempDir } from './testing';

const write = tempDir();
const dir = path.dirname(write('marker', Buffer.alloc(0)));
/** Runs numpy to write `name` (it only saves, never loads) and scans the file. */
async function numpyFile(name: string, code: string) {
  const file = path.join(dir, name);
  python(`import numpy as np\nf = ${JSON.stringify(file)}\n${code}`);
  return scanArtifact(file);
}

describe.skipIf(!hasNumpy)('files written by numpy', () => {
  it.each([
    ['float32 matrix', 'np.save(f, np.arange(12, dtype=np.float32).reshape(3, 4))'],
    ['fortran-order float64', "np.save(f, np.asfortranarray(np.ones((5, 7))))"],
    ['0-d int64', 'np.save(f, np.array(7))'],
    ['empty array', 'np.save(f, np.zeros((0, 3), dtype=np.int16))'],
    ['booleans', 'np.save(f, np.array([True, False, True]))'],
    ['unicode strings', "np.save(f, np.array(['a', 'héllo']))"],
    ['datetimes', "np.save(f, np.array(['2024-01-01'], dtype='datetime64[ns]'))"],
    ['complex128', 'np.save(f, np.array([1+2j]))'],
  ])('a .npy of %s is clean', async (_label, code) => {
    const result = await numpyFile(`${_label.replace(/\W/g, '_')}.npy`, code);
    expect(result.scan.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(result.scan.status).toBe('clean');
  });

  it('np.savez and np.savez_compressed of numeric arrays are clean', async () => {
    for (const fn of ['savez', 'savez_compressed']) {
      const result = await numpyFile(`${fn}.npz`, `np.${fn}(f, w=np.random.rand(64, 64).astype(np.float32), b=np.zeros(64), ids=np.arange(10))`);
      expect(result).toMatchObject({ format: 'other', scan: { status: 'clean' } });
    }
  });

  it('object arrays are unsafe, plain, structured, in .npz and compressed', async () => {
    const cases = {
      'object.npy': "np.save(f, np.array([{'a': 1}, None], dtype=object), allow_pickle=True)",
      'structured.npy': "np.save(f, np.array([(1.0, 'x')], dtype=[('v', '<f8'), ('o', 'O')]), allow_pickle=True)",
      'object.npz': "np.savez(f, w=np.zeros(3), o=np.array([1, 'two'], dtype=object))",
      'object-compressed.npz': "np.savez_compressed(f, o=np.array([1, 'two'], dtype=object))",
    };
    for (const [name, code] of Object.entries(cases)) {
      const result = await numpyFile(name, code);
      expect(result.scan.status, name).toBe('unsafe');
      expect(result.scan.findings[0], name).toMatchObject({ code: 'npy_object_dtype', severity: 'critical' });
    }
  });
});
