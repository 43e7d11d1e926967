import { describe, expect, it } from 'vitest';
import { independentReads, withReadTransaction, withTransaction } from '@/db';

/** Reads that note when each starts and ends, so the order they ran in shows. */
function tracedReads() {
  const log: string[] = [];
  const read = (name: string, value: number) => async () => {
    log.push(`start ${name}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    log.push(`end ${name}`);
    return value;
  };
  return { log, reads: [read('a', 1), read('b', 2)] as const };
}

describe('independent reads', () => {
  it('run side by side outside a transaction, and answer in the order asked', async () => {
    const { log, reads } = tracedReads();
    expect(await independentReads(...reads)).toEqual([1, 2]);
    expect(log).toEqual(['start a', 'start b', 'end a', 'end b']);
  });

  it.each([
    ['write', withTransaction],
    ['read', withReadTransaction],
  ] as const)('run one after another inside a %s transaction, whose one connection runs one statement at a time', async (_kind, transaction) => {
    const { log, reads } = tracedReads();
    expect(await transaction(async () => await independentReads(...reads))).toEqual([1, 2]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });
});
