'use client';

import '@xyflow/react/dist/style.css';
import { Background, Controls, MiniMap, ReactFlow, type Edge } from '@xyflow/react';
import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import type { LineageGraph as Graph } from '@/lib/lineage/queries';
import { LineageNode, NODE_SIZE, type LineageFlowNode } from './lineage-node';
import { useElkLayout } from './use-elk-layout';

const NODE_TYPES = { lineage: LineageNode };

/** The lineage graph, laid out by ELK in a worker; clicking a node opens its page. */
export function LineageGraph({ graph }: { graph: Graph }) {
  const router = useRouter();
  const { positions, error } = useElkLayout(graph.nodes, graph.edges, NODE_SIZE);
  const nodes = useMemo<LineageFlowNode[]>(
    () => (positions ? graph.nodes.map((n) => ({ id: n.key, type: 'lineage', position: positions.get(n.key) ?? { x: 0, y: 0 }, data: { ...n, isRoot: n.key === graph.root } })) : []),
    [graph, positions],
  );
  const edges = useMemo<Edge[]>(
    () => graph.edges.map((e) => ({ id: `${e.from}>${e.to}`, source: e.from, target: e.to, label: e.relation.replace('_', ' '), labelStyle: { fontSize: 10, fill: '#64748b' }, style: { stroke: '#94a3b8' } })),
    [graph],
  );
  return (
    <div className="relative h-[560px] rounded-lg border border-slate-200 bg-white" data-testid="lineage-graph" data-laid-out={positions ? 'true' : 'false'}>
      {error ? <p role="alert" className="p-4 text-sm text-rose-700">The graph could not be laid out: {error}. The table below lists the same edges.</p> : null}
      {!positions && !error ? <p className="absolute inset-0 grid place-items-center text-sm text-slate-500">Laying out {graph.nodes.length} nodes…</p> : null}
      {positions ? (
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          onNodeClick={(_, node) => router.push(node.data.href)}
          nodesDraggable={false}
          nodesConnectable={false}
          fitView
          minZoom={0.1}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={24} color="#e2e8f0" />
          <Controls showInteractive={false} />
          {graph.nodes.length > 30 ? <MiniMap pannable zoomable nodeStrokeWidth={3} /> : null}
        </ReactFlow>
      ) : null}
    </div>
  );
}
