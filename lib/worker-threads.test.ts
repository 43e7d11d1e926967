import { describe, expect, it } from 'vitest';
import { takingTurns } from './worker-threads';

describe('taking turns', () => {
  it('runs at most max at once, the rest in the order they came, and a failure frees its turn', async () => {
    const inTurn = takingTurns(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const work = (i: number) => async () => {
      started.push(i);
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      if (i === 1) throw new Error('the second one fails');
      return i;
    };
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map((i) => inTurn(work(i))));
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual([0, 'failed', 2, 3, 4]);
    expect(await inTurn(async () => 'free again')).toBe('free again');
  });
});
