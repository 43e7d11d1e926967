import { describe, expect, it } from 'vitest';
import { PUBLIC_FIXTURES } from './fixtures/public-scanner-fixtures';
import { scanArtifact } from './scan-artifact';
import { tempDir } from './testing';

const write = tempDir();

/** What each fixture must be: the scanners' authors label these files benign or malicious in their own tests. */
const CLEAN = [
  'mmaitre314/picklescan/tests/data/benign0_v0.pkl',
  'mmaitre314/picklescan/tests/data/benign0_v3.pkl',
  'mmaitre314/picklescan/tests/data/benign0_v4.pkl',
  'mmaitre314/picklescan/tests/data/new_pytorch_model.bin',
  'mmaitre314/picklescan/tests/data2/int_array.npy',
  'mmaitre314/picklescan/tests/data2/int_arrays.npz',
  'mmaitre314/picklescan/tests/data2/int_arrays_compressed.npz',
];
/** Not a model anything loads (a PNG header, a broken GLOBAL) or encrypted: never clean, nothing to call unsafe. */
const UNKNOWN = [
  'mmaitre314/picklescan/tests/data/bad_pytorch.pt',
  'mmaitre314/picklescan/tests/data/not_a_pickle.bin',
  'mmaitre314/picklescan/tests/data/benign_password_protected.zip',
  'protectai/modelscan/tests/data/password_protected.zip',
];
const UNSAFE = Object.keys(PUBLIC_FIXTURES).filter((name) => !CLEAN.includes(name) && !UNKNOWN.includes(name));

const scan = (name: string) => scanArtifact(write(name.replaceAll('/', '_'), Buffer.from(PUBLIC_FIXTURES[name]!, 'base64')));

describe('fixtures of public scanners (picklescan, modelscan)', () => {
  it('covers every fixture with an expectation', () => {
    expect(UNSAFE.length + CLEAN.length + UNKNOWN.length).toBe(Object.keys(PUBLIC_FIXTURES).length);
    expect(UNSAFE.length).toBeGreaterThan(90);
  });

  it.each(UNSAFE)('%s is unsafe, with a critical finding', async (name) => {
    const { scan: result } = await scan(name);
    expect(result.status).toBe('unsafe');
    expect(result.findings[0]!.severity).toBe('critical');
  });

  it.each(CLEAN)('%s is clean', async (name) => {
    expect((await scan(name)).scan.status).toBe('clean');
  });

  it.each(UNKNOWN)('%s is unknown', async (name) => {
    expect((await scan(name)).scan.status).toBe('unknown');
  });

  it('names the technique of the evasions picklescan collected', async () => {
    const message = async (name: string) => (await scan(`mmaitre314/picklescan/tests/${name}`)).scan.findings[0]!.message;
    expect(await message('data/malicious17.pkl')).toContain('torch._inductor.codecache.compile_file');
    expect(await message('data2/malicious22.pkl')).toContain('numpy.testing._private.utils.runstring');
    expect(await message('data/broken_model.pkl')).toMatch(/builtins\.exec/);
    expect(await message('data/malicious1_0x1.zip')).toMatch(/^model\/config\.pkl: imports builtins\.eval/);
    expect(await message('data/malicious1_wrong_ext.zip')).toMatch(/^data\.txt: imports builtins\.eval/);
    expect(await message('data2/object_arrays_compressed.npz')).toMatch(/^a\.npy: NumPy array of dtype '\|O'/);
  });
});
