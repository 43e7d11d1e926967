'use client';

import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import { useEffect, useMemo, useState } from 'react';

export type Positions = Map<string, { x: number; y: number }>;
type LayoutNode = { key: string; depth: number; direction: 'root' | 'upstream' | 'downstream' };

/** Above this many nodes a layered layout costs seconds; columns by distance from the root stay readable and instant. */
const ELK_LIMIT = 150;

/** One worker per page session, so ELK stays warm across graphs. */
let worker: Worker | null = null;
let nextRequest = 0;
function layoutWorker() {
  worker ??= new Worker(new URL('./elk-layout.worker.ts', import.meta.url), { type: 'module' });
  return worker;
}

function columnLayout(nodes: LayoutNode[], size: { width: number; height: number }): Positions {
  const rows = new Map<number, number>();
  const positions: Positions = new Map();
  for (const node of nodes) {
    const column = node.direction === 'upstream' ? -node.depth : node.depth;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    positions.set(node.key, { x: column * (size.width + 80), y: row * (size.height + 24) });
  }
  return positions;
}

/** Node positions: ELK's layered layout in a web worker for readable graphs, columns by distance for large ones. */
export function useElkLayout(nodes: LayoutNode[], edges: { from: string; to: string }[], size: { width: number; height: number }) {
  const large = nodes.length > ELK_LIMIT;
  const columns = useMemo(() => (large ? columnLayout(nodes, size) : null), [large, nodes, size]);
  const [state, setState] = useState<{ positions: Positions | null; error: string | null }>({ positions: null, error: null });
  const signature = `${nodes.map((n) => n.key).join(',')}|${edges.map((e) => `${e.from}>${e.to}`).join(',')}`;
  useEffect(() => {
    if (large) return;
    const id = ++nextRequest;
    const graph: ElkNode = {
      id: 'root',
      children: nodes.map((n) => ({ id: n.key, width: size.width, height: size.height })),
      edges: edges.map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
    };
    const target = layoutWorker();
    const onMessage = (event: MessageEvent<{ id: number; graph?: ElkNode; error?: string }>) => {
      if (event.data.id !== id) return;
      if (event.data.error || !event.data.graph) return setState({ positions: null, error: event.data.error ?? 'Layout failed' });
      const positions: Positions = new Map();
      for (const child of event.data.graph.children ?? []) positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
      setState({ positions, error: null });
    };
    target.addEventListener('message', onMessage);
    target.postMessage({ id, graph });
    return () => target.removeEventListener('message', onMessage);
    // The signature captures nodes and edges; size is constant per graph.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [signature, large]);
  return large ? { positions: columns, error: null } : state;
}
