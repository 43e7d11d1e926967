import { LAYER_GAP } from './elk-options';

type ColumnNode = { key: string; direction: string; depth: number };
type LabelledEdge = { from: string; to: string; label?: string };

/**
 * How wide ELK lays the graph out left to right: its columns (a node's signed depth from the root) and the gaps
 * between them. ELK gives the labels of edges between two columns a layer of their own, one gap wide either side, as
 * wide as the widest label; when other edges of that gap are bare, their ends stay in that layer and the labelled
 * edges' ends move one further, so the layer is a column of nodes. A label on a longer edge shares a column of nodes.
 */
export function sideBySideWidth(nodes: ColumnNode[], edges: LabelledEdge[], nodeWidth: number, labelWidth: (text: string) => number) {
  const column = new Map(nodes.map((n) => [n.key, n.direction === 'upstream' ? -n.depth : n.depth]));
  const columns = new Set(column.values()).size;
  const gaps = new Map<number, { widestLabel: number; bare: boolean }>();
  for (const { from, to, label } of edges) {
    const [a, b] = [column.get(from), column.get(to)];
    if (a === undefined || b === undefined || Math.abs(a - b) !== 1) continue;
    const gap = gaps.get(Math.min(a, b)) ?? { widestLabel: 0, bare: false };
    if (label) gap.widestLabel = Math.max(gap.widestLabel, labelWidth(label));
    else gap.bare = true;
    gaps.set(Math.min(a, b), gap);
  }
  let labelLayers = 0;
  for (const { widestLabel, bare } of gaps.values()) if (widestLabel > 0) labelLayers += (bare ? Math.max(nodeWidth, widestLabel) : widestLabel) + LAYER_GAP;
  return columns * nodeWidth + Math.max(0, columns - 1) * LAYER_GAP + labelLayers;
}
