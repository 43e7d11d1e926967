import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { elkLayoutOptions } from './elk-options';

/**
 * The graph is fitted to the extent ELK reports, so everything ELK draws must lie inside it: a cycle's way back and
 * the labels included, even where they run past the nodes. And the labels ELK places must not sit on nodes or on each
 * other. Real ELK, with the options the page's worker uses.
 */
const NODE = { width: 240, height: 92 };
const LABEL = { width: 60, height: 23 };
type Box = { x: number; y: number; width: number; height: number };

async function layOut(edges: [string, string, string?][], direction: 'RIGHT' | 'DOWN') {
  const keys = [...new Set(edges.flatMap(([from, to]) => [from, to]))];
  const graph: ElkNode = {
    id: 'root',
    children: keys.map((id) => ({ id, ...NODE })),
    edges: edges.map(([from, to, label], i) => ({ id: `e${i}`, sources: [from], targets: [to], labels: label ? [{ text: label, ...LABEL }] : [] })),
  };
  return await new ELK().layout(graph, { layoutOptions: elkLayoutOptions(direction) });
}

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function problems(laidOut: ElkNode) {
  const { width = 0, height = 0 } = laidOut;
  const outside = (x: number, y: number) => x < 0 || y < 0 || x > width || y > height;
  const nodes = (laidOut.children ?? []).map((n) => ({ id: n.id, box: { x: n.x!, y: n.y!, width: n.width!, height: n.height! } }));
  const labels = (laidOut.edges ?? []).flatMap((e) => (e.labels ?? []).map((l) => ({ id: `${e.id}:${l.text}`, box: { x: l.x!, y: l.y!, width: l.width!, height: l.height! } })));
  const found: string[] = [];
  for (const node of nodes) if (outside(node.box.x, node.box.y) || outside(node.box.x + node.box.width, node.box.y + node.box.height)) found.push(`${node.id} outside`);
  for (const edge of laidOut.edges ?? []) {
    for (const section of edge.sections ?? []) {
      for (const point of [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]) if (outside(point.x, point.y)) found.push(`${edge.id} runs outside at ${point.x},${point.y}`);
    }
  }
  for (const [i, label] of labels.entries()) {
    if (outside(label.box.x, label.box.y) || outside(label.box.x + label.box.width, label.box.y + label.box.height)) found.push(`${label.id} outside`);
    for (const node of nodes) if (overlap(label.box, node.box)) found.push(`${label.id} on ${node.id}`);
    for (const other of labels.slice(i + 1)) if (overlap(label.box, other.box)) found.push(`${label.id} on ${other.id}`);
  }
  return found;
}

describe.each(['RIGHT', 'DOWN'] as const)('ELK laying out lineage, %s', (direction) => {
  it('keeps a cycle, its way back run past the nodes and labelled, inside the extent it reports', async () => {
    const laidOut = await layOut([['a', 'run1', '1K rows'], ['run1', 'b', '2K rows'], ['b', 'run2'], ['run2', 'c', '3K rows'], ['c', 'run3'], ['run3', 'a', '4K rows'], ['c', 'run1', '5K rows']], direction);
    // Some edge runs against the flow: it ends before it starts, in the direction of the layers.
    const along = (p: { x: number; y: number }) => (direction === 'RIGHT' ? p.x : p.y);
    const back = laidOut.edges!.filter((e) => e.sections!.some((s) => along(s.endPoint) < along(s.startPoint)));
    expect(back.length).toBeGreaterThan(0);
    expect(problems(laidOut)).toEqual([]);
  });

  it('gives the labels of a run with many inputs and outputs room of their own', async () => {
    const edges: [string, string, string][] = [
      ...['accounts', 'payments', 'merchants', 'devices', 'ledger'].map((d, i): [string, string, string] => [d, 'run', `${i + 1}.2K rows`]),
      ...['features', 'labels', 'audit'].map((d, i): [string, string, string] => ['run', d, `${i + 7}M rows`]),
    ];
    expect(problems(await layOut(edges, direction))).toEqual([]);
  });
});
