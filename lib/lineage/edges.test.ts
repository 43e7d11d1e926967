import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, withTransaction } from '@/db';
import { lineageEdges } from '@/db/schema';
import { addEdges, type EdgeInput } from './edges';

/** Edges of a run of its own, so the tests do not see each other's. */
const fresh = () => {
  const run = `run:${randomUUID()}`;
  return { run, input: (n: number, statistics?: EdgeInput['statistics']): EdgeInput => ({ fromNode: `dataset_version:${run}-${n}`, toNode: run, relation: 'input', statistics }) };
};
const add = (edges: EdgeInput[]) => withTransaction(async (tx) => await addEdges(tx, edges));
const stored = async (run: string) => (await getDb().select().from(lineageEdges).where(eq(lineageEdges.toNode, run))).map((e) => [e.fromNode, e.statistics]).sort();

describe('adding a run\'s edges in one statement', () => {
  it('writes new edges and answers them; a retry writes and answers nothing', async () => {
    const { run, input } = fresh();
    const edges = [input(1), input(2, { rowCount: 10 }), input(3)];
    expect(await add(edges)).toEqual(edges);
    expect(await add(edges)).toEqual([]);
    expect(await stored(run)).toEqual([[`dataset_version:${run}-1`, null], [`dataset_version:${run}-2`, { rowCount: 10 }], [`dataset_version:${run}-3`, null]]);
  });

  it('replaces the statistics of an edge that is there when a later report brings other ones, and only then', async () => {
    const { run, input } = fresh();
    await add([input(1), input(2, { rowCount: 1 })]);
    // COMPLETE after START: new statistics for the first, the same for the second, none for a third that is new.
    expect(await add([input(1, { rowCount: 5, size: 50 }), input(2, { rowCount: 1 }), input(3)])).toEqual([input(1, { rowCount: 5, size: 50 }), input(3)]);
    // A report without statistics leaves those the edge has.
    expect(await add([input(1), input(2)])).toEqual([]);
    expect(await stored(run)).toEqual([[`dataset_version:${run}-1`, { rowCount: 5, size: 50 }], [`dataset_version:${run}-2`, { rowCount: 1 }], [`dataset_version:${run}-3`, null]]);
  });

  it('writes an edge named twice in one report once, with the last statistics given for it', async () => {
    const { run, input } = fresh();
    expect(await add([input(1, { rowCount: 1 }), input(2), input(1), input(1, { rowCount: 2 })])).toEqual([input(1, { rowCount: 2 }), input(2)]);
    expect(await stored(run)).toEqual([[`dataset_version:${run}-1`, { rowCount: 2 }], [`dataset_version:${run}-2`, null]]);
  });

  it('adds nothing for no edges', async () => {
    expect(await add([])).toEqual([]);
  });
});
