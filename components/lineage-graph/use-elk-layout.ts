'use client';

import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import { useEffect, useMemo, useState } from 'react';
import type { Point, Route } from './edge-route';

export type Positions = Map<string, { x: number; y: number }>;
/** ELK's route of each edge, by `from>to`, and the centre of the room it kept for the edge's label; none in the column layout. */
export type Routes = Map<string, { route: Route; labelAt: Point | null }>;
/** An edge to lay out, with the text of its label if it has one (ELK keeps room for it, clear of nodes and other labels). */
export type LayoutEdge = { from: string; to: string; label?: string };
/** The box ELK's layout takes, nodes and routes (it adds no padding); none in the column layout. */
export type Extent = { width: number; height: number };
export type LayoutDirection = 'RIGHT' | 'DOWN';
type LayoutNode = { key: string; depth: number; direction: 'root' | 'upstream' | 'downstream' };
type Size = { width: number; height: number };

/** Above this many nodes a layered layout costs seconds; columns by distance from the root stay readable and instant. */
const ELK_LIMIT = 150;

/** One worker per page session, so ELK stays warm across graphs. */
let worker: Worker | null = null;
let nextRequest = 0;
function layoutWorker() {
  worker ??= new Worker(new URL('./elk-layout.worker.ts', import.meta.url), { type: 'module' });
  return worker;
}

function columnLayout(nodes: LayoutNode[], size: Size, direction: LayoutDirection): Positions {
  const rows = new Map<number, number>();
  const positions: Positions = new Map();
  for (const node of nodes) {
    const column = node.direction === 'upstream' ? -node.depth : node.depth;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    const across = column * (size.width + 80);
    const down = row * (size.height + 24);
    positions.set(node.key, direction === 'RIGHT' ? { x: across, y: down } : { x: row * (size.width + 24), y: column * (size.height + 56) });
  }
  return positions;
}

/** Each edge's route and label as ELK laid them out (edge `e<i>` is `edges[i]`); an edge ELK left unrouted is drawn as a curve. */
function routesOf(graph: ElkNode, edges: LayoutEdge[]): Routes {
  const routes: Routes = new Map();
  for (const edge of graph.edges ?? []) {
    const section = edge.sections?.[0];
    const { from, to } = edges[Number(edge.id.slice(1))] ?? {};
    const label = edge.labels?.[0];
    const labelAt = label?.x !== undefined && label.y !== undefined ? { x: label.x + (label.width ?? 0) / 2, y: label.y + (label.height ?? 0) / 2 } : null;
    if (section && from) routes.set(`${from}>${to}`, { route: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint], labelAt });
  }
  return routes;
}

/** The box the laid-out nodes take, so the canvas can be sized to it. */
export function contentBounds(positions: Positions, size: Size) {
  const xs = [...positions.values()].map((p) => p.x);
  const ys = [...positions.values()].map((p) => p.y);
  return { width: Math.max(...xs) - Math.min(...xs) + size.width, height: Math.max(...ys) - Math.min(...ys) + size.height };
}

/**
 * Where the graph may run: top to bottom only (a phone), or left to right while its layout is at most `maxRightWidth`
 * wide (it then fits at a readable zoom), else top to bottom.
 */
export type Fit = { narrow: boolean; maxRightWidth: number };

/** The direction to draw in, once the left-to-right width is known (undefined: lay it out left to right first). */
export function directionFor(fit: Fit, rightWidth: number | undefined): LayoutDirection | undefined {
  if (fit.narrow) return 'DOWN';
  if (rightWidth === undefined) return undefined;
  return rightWidth <= fit.maxRightWidth ? 'RIGHT' : 'DOWN';
}

type Layout = { positions: Positions; routes: Routes | null; extent: Extent | null; error: string | null };
const PENDING = { positions: null, routes: null, extent: null, error: null, direction: null } as const;

/**
 * Node positions: ELK's layered layout in a web worker for readable graphs, columns by distance for large ones;
 * nothing until the width is known. The direction is chosen from the real left-to-right layout (kept, so a resize
 * decides again without laying out again), never from an estimate of it.
 */
export function useElkLayout(nodes: LayoutNode[], edges: LayoutEdge[], size: Size, fit: Fit | null, labelSize: (text: string) => Size) {
  const large = nodes.length > ELK_LIMIT;
  const signature = `${nodes.map((n) => n.key).join(',')}|${edges.map((e) => `${e.from}>${e.to}:${e.label ?? ''}`).join(',')}`;
  const [state, setState] = useState<{ signature: string; layouts: Partial<Record<LayoutDirection, Layout>> }>({ signature, layouts: {} });
  const layouts = state.signature === signature ? state.layouts : {};
  const columnsRight = useMemo(() => (large ? columnLayout(nodes, size, 'RIGHT') : null), [large, nodes, size]);
  const rightWidth = large ? (columnsRight ? contentBounds(columnsRight, size).width : undefined) : layouts.RIGHT?.extent?.width;
  // A left-to-right layout that failed is shown as the failure, not replaced by the other direction.
  const direction = !fit ? undefined : layouts.RIGHT?.error ? 'RIGHT' : directionFor(fit, rightWidth);
  const wanted: LayoutDirection | undefined = fit ? (direction ?? 'RIGHT') : undefined;
  const columns = useMemo(() => (large && direction ? (direction === 'RIGHT' ? columnsRight : columnLayout(nodes, size, direction)) : null), [large, direction, columnsRight, nodes, size]);
  const have = wanted ? layouts[wanted] : undefined;
  useEffect(() => {
    if (large || !wanted || have) return;
    const id = ++nextRequest;
    const graph: ElkNode = {
      id: 'root',
      children: nodes.map((n) => ({ id: n.key, width: size.width, height: size.height })),
      edges: edges.map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to], labels: e.label ? [{ text: e.label, ...labelSize(e.label) }] : [] })),
    };
    const target = layoutWorker();
    const keep = (layout: Layout) => setState((now) => ({ signature, layouts: { ...(now.signature === signature ? now.layouts : {}), [wanted]: layout } }));
    const onMessage = (event: MessageEvent<{ id: number; graph?: ElkNode; error?: string }>) => {
      if (event.data.id !== id) return;
      if (event.data.error || !event.data.graph) return keep({ positions: new Map(), routes: null, extent: null, error: event.data.error ?? 'Layout failed' });
      const positions: Positions = new Map();
      for (const child of event.data.graph.children ?? []) positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
      const { width = 0, height = 0 } = event.data.graph;
      keep({ positions, routes: routesOf(event.data.graph, edges), extent: { width, height }, error: null });
    };
    target.addEventListener('message', onMessage);
    target.postMessage({ id, graph, direction: wanted });
    return () => target.removeEventListener('message', onMessage);
    // The signature captures nodes and edges; size is constant per graph.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [signature, large, wanted, have]);
  if (large) return columns && direction ? { positions: columns, routes: null, extent: null, error: null, direction } : PENDING;
  if (!direction || !have) return PENDING;
  return have.error ? { ...PENDING, error: have.error } : { ...have, direction };
}
