import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { elkLayoutOptions } from './elk-options';
import { sideBySideWidth } from './side-by-side-width';

/**
 * The page chooses left to right only when the graph, laid out that way, still fits at a readable zoom; that choice is
 * made before ELK runs, from this estimate. Real ELK, with the page worker's options, must lay each graph out exactly
 * as wide as the estimate says, labels included.
 */
const NODE = { width: 240, height: 92 };
/** Any measure will do here: the estimate and ELK are given the same one. */
const labelWidth = (text: string) => 7 * text.length;

type Edge = { from: string; to: string; label?: string };

async function elkWidth(edges: Edge[]) {
  const keys = [...new Set(edges.flatMap((e) => [e.from, e.to]))];
  const graph: ElkNode = {
    id: 'root',
    children: keys.map((id) => ({ id, ...NODE })),
    edges: edges.map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to], labels: e.label ? [{ text: e.label, width: labelWidth(e.label), height: 23 }] : [] })),
  };
  return (await new ELK().layout(graph, { layoutOptions: elkLayoutOptions('RIGHT') })).width;
}

/** Nodes at the signed depth the lineage query gives them: upstream of the root negative, downstream positive. */
const at = (columns: Record<string, number>) => Object.entries(columns).map(([key, c]) => ({ key, direction: c < 0 ? 'upstream' : 'downstream', depth: Math.abs(c) }));

const GRAPHS: { name: string; columns: Record<string, number>; edges: Edge[] }[] = [
  { name: 'a chain with no labels', columns: { a: -1, run: 0, b: 1, c: 2 }, edges: [{ from: 'a', to: 'run' }, { from: 'run', to: 'b' }, { from: 'b', to: 'c' }] },
  {
    name: 'a run reading four labelled tables and writing two',
    columns: { t1: -1, t2: -1, t3: -1, t4: -1, run: 0, out: 1, model: 1 },
    edges: [
      ...['t1', 't2', 't3', 't4'].map((t, i) => ({ from: t, to: 'run', label: `${(i + 1) * 9.6}K rows` })),
      { from: 'run', to: 'out', label: '1.2M rows' },
      { from: 'run', to: 'model' },
    ],
  },
  {
    name: 'five columns, every gap labelled, one label much wider',
    columns: { a: -2, b: -1, run: 0, c: 1, d: 2 },
    edges: [{ from: 'a', to: 'b', label: 'base model' }, { from: 'b', to: 'run', label: '32.4K rows' }, { from: 'run', to: 'c', label: '76.8K rows, 12 columns, 3 partitions' }, { from: 'c', to: 'd', label: '1K rows' }],
  },
  {
    name: 'a gap with a labelled and a bare edge from different nodes',
    columns: { a: -1, b: -1, run: 0, c: 1 },
    edges: [{ from: 'a', to: 'run', label: '12.5K rows' }, { from: 'b', to: 'run' }, { from: 'run', to: 'c' }],
  },
  {
    name: 'a labelled edge across two columns, beside the chain it skips',
    columns: { a: -1, run: 0, b: 1 },
    edges: [{ from: 'a', to: 'run' }, { from: 'run', to: 'b' }, { from: 'a', to: 'b', label: '5K rows' }],
  },
];

describe('the left-to-right width the page estimates before ELK runs', () => {
  it.each(GRAPHS)('is the width ELK lays out: $name', async ({ columns, edges }) => {
    expect(sideBySideWidth(at(columns), edges, NODE.width, labelWidth)).toBe(await elkWidth(edges));
  });

  it('grows with the labels: five labelled columns are wider than the same columns bare', () => {
    const { columns, edges } = GRAPHS[2]!;
    const bare = sideBySideWidth(at(columns), edges.map(({ from, to }) => ({ from, to })), NODE.width, labelWidth);
    expect(sideBySideWidth(at(columns), edges, NODE.width, labelWidth)).toBeGreaterThan(bare + 4 * 80);
  });
});
