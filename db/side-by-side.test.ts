import { describe, expect, it } from 'vitest';
import { sideBySide, withTransaction } from '@/db';

/** A read that notes when it starts and ends, and ends a little later. */
const noting = (events: string[], name: string, value: number) => async () => {
  events.push(`start ${name}`);
  await new Promise((resolve) => setTimeout(resolve, 5));
  events.push(`end ${name}`);
  return value;
};

describe('sideBySide', () => {
  it('starts every read before any ends outside a transaction, and keys the values as given', async () => {
    const events: string[] = [];
    expect(await sideBySide({ a: noting(events, 'a', 1), b: noting(events, 'b', 2), c: noting(events, 'c', 3) })).toEqual({ a: 1, b: 2, c: 3 });
    expect(events.slice(0, 3)).toEqual(['start a', 'start b', 'start c']);
  });

  it('runs them one after another inside a transaction, whose connection runs one statement at a time', async () => {
    const events: string[] = [];
    const values = await withTransaction(async () => await sideBySide({ a: noting(events, 'a', 1), b: noting(events, 'b', 2) }));
    expect(values).toEqual({ a: 1, b: 2 });
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('gives null for a read left out, without calling anything', async () => {
    expect(await sideBySide({ shown: async () => 'x', hidden: false, none: null })).toEqual({ shown: 'x', hidden: null, none: null });
  });

  it('fails with the first failure', async () => {
    await expect(sideBySide({ ok: async () => 1, broken: async () => { throw new Error('no such table'); } })).rejects.toThrow('no such table');
  });
});
