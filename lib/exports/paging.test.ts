import { describe, expect, it } from 'vitest';
import { pageThrough } from './paging';

/** A keyset source over 0..n-1: the batch after `last`, `size` at most, counting the queries made. */
function source(n: number, size: number) {
  const calls: (number | undefined)[] = [];
  const fetchAfter = async (last: number | undefined) => {
    calls.push(last);
    const start = last === undefined ? 0 : last + 1;
    return Array.from({ length: Math.max(0, Math.min(size, n - start)) }, (_, i) => start + i);
  };
  const batches = async () => {
    const all: number[][] = [];
    for await (const batch of pageThrough(fetchAfter, size)) all.push(batch);
    return all;
  };
  return { calls, batches };
}

describe('pageThrough', () => {
  it('yields every row once, in order, and stops after a short batch', async () => {
    const { calls, batches } = source(7, 3);
    expect(await batches()).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(calls).toEqual([undefined, 2, 5]);
  });

  it('asks once more when the last batch was full, and yields no empty batch', async () => {
    const { calls, batches } = source(6, 3);
    expect(await batches()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(calls).toEqual([undefined, 2, 5]);
    expect(await source(0, 3).batches()).toEqual([]);
  });

  it('lets the event loop turn between batches, so a long export never holds other requests', async () => {
    let turns = 0;
    const spin = () => {
      turns++;
      if (turns < 1000) setImmediate(spin);
    };
    setImmediate(spin);
    const seen: number[] = [];
    for await (const _ of pageThrough(async (last: number | undefined) => {
      seen.push(turns);
      return last === undefined || last < 8 ? [(last ?? -1) + 1, (last ?? -1) + 2] : [];
    }, 2)) void _;
    expect(seen).toHaveLength(6);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);
  });
});
