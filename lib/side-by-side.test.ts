import { describe, expect, it } from 'vitest';
import { sideBySide } from './side-by-side';

describe('sideBySide', () => {
  it('starts every read before any finishes, and keys the values as given', async () => {
    const started: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const read = (name: string, value: number) => async () => {
      started.push(name);
      await gate;
      return value;
    };
    const pending = sideBySide({ a: read('a', 1), b: read('b', 2), c: read('c', 3) });
    await Promise.resolve();
    expect(started).toEqual(['a', 'b', 'c']);
    release();
    expect(await pending).toEqual({ a: 1, b: 2, c: 3 });
  });

  it('gives null for a read left out, without calling anything', async () => {
    const result = await sideBySide({ shown: async () => 'x', hidden: false, none: null });
    expect(result).toEqual({ shown: 'x', hidden: null, none: null });
  });

  it('fails with the first failure', async () => {
    await expect(sideBySide({ ok: async () => 1, broken: async () => { throw new Error('no such table'); } })).rejects.toThrow('no such table');
  });
});
