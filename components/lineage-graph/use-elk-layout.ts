'use client';

import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import { useEffect, useState } from 'react';

export type Positions = Map<string, { x: number; y: number }>;

/** Runs ELK in a web worker and returns node positions once laid out (null while working). */
export function useElkLayout(nodeIds: string[], edges: { from: string; to: string }[], size: { width: number; height: number }) {
  const [state, setState] = useState<{ positions: Positions | null; error: string | null }>({ positions: null, error: null });
  const signature = `${nodeIds.join(',')}|${edges.map((e) => `${e.from}>${e.to}`).join(',')}`;
  useEffect(() => {
    const worker = new Worker(new URL('./elk-layout.worker.ts', import.meta.url), { type: 'module' });
    const graph: ElkNode = {
      id: 'root',
      children: nodeIds.map((id) => ({ id, width: size.width, height: size.height })),
      edges: edges.map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
    };
    worker.onmessage = (event: MessageEvent<{ graph?: ElkNode; error?: string }>) => {
      if (event.data.error || !event.data.graph) {
        setState({ positions: null, error: event.data.error ?? 'Layout failed' });
        return;
      }
      const positions: Positions = new Map();
      for (const child of event.data.graph.children ?? []) positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
      setState({ positions, error: null });
    };
    worker.postMessage({ id: 1, graph });
    return () => worker.terminate();
    // The signature captures nodeIds and edges; size is constant per graph.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [signature]);
  return state;
}
