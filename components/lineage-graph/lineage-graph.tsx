'use client';

import '@xyflow/react/dist/style.css';
import { Background, MarkerType, MiniMap, Position, ReactFlow, type Node } from '@xyflow/react';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { LineageGraph as Graph } from '@/lib/lineage/queries';
import { plural } from '@/lib/words';
import { formatEdgeStatistics, shortEdgeStatistics } from './edge-statistics';
import { LABEL_FONT_SIZE, labelSize } from './label-size';
import { describeNode, LineageNode, NODE_SIZE, type LineageFlowNode } from './lineage-node';
import { RoutedEdge, type RoutedFlowEdge } from './routed-edge';
import { contentBounds, useElkLayout, type LayoutEdge as LaidEdge } from './use-elk-layout';
import { ZoomToolbar } from './zoom-toolbar';

const NODE_TYPES = { lineage: LineageNode };
const EDGE_TYPES = { routed: RoutedEdge };
const EDGE_COLOUR = '#94a3b8';
/** Every edge ends in an arrow: a cycle's way back runs against the flow, and only the arrow says which way. */
const ARROW = { type: MarkerType.ArrowClosed, color: EDGE_COLOUR, width: 16, height: 16 };
/** Below this width the graph runs top to bottom, so a phone shows a column rather than a far-off band. */
const NARROW = 640;
/** Left to right only while its columns fit at this zoom or more; otherwise top to bottom, where names stay readable. */
const READABLE_ZOOM = 0.75;
const PADDING = 24;
/** The zoom buttons sit at the left edge; the fitted graph starts to their right so they never cover a node. */
const TOOLBAR_GUTTER = 56;
/** Labels stay legible down to this zoom; a wider graph is panned rather than shrunk further. */
const MIN_ZOOM = 0.5;
const HEIGHT = { min: 220, max: 640 };
/** Fitted to ELK's whole layout, routes included (a hidden node of its size), not to the nodes alone. */
const FIT_VIEW = { padding: { x: `${PADDING}px`, y: `${PADDING}px`, left: `${TOOLBAR_GUTTER}px` }, minZoom: MIN_ZOOM, maxZoom: 1, includeHiddenNodes: true } as const;
/** Arrows and node kinds already say these; an edge is labelled with what it adds (rows read, a base model). */
const IMPLIED_RELATIONS = new Set(['input', 'output']);
const A11Y_LABELS = {
  'node.a11yDescription.default': 'Press Enter to open its page.',
  'node.a11yDescription.keyboardDisabled': 'Press Enter to open its page.',
  'edge.a11yDescription.default': 'A lineage edge.',
};

function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState<number | null>(null);
  useEffect(() => {
    const observer = new ResizeObserver(([entry]) => setWidth(Math.round(entry!.contentRect.width)));
    observer.observe(ref.current!);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

/** The canvas is as tall as the graph at the zoom its width allows, within bounds: no thin band in an empty box. */
function canvasHeight(bounds: { width: number; height: number }, width: number) {
  const zoom = Math.min(1, Math.max(MIN_ZOOM, (width - PADDING - TOOLBAR_GUTTER) / bounds.width));
  return Math.round(Math.min(HEIGHT.max, Math.max(HEIGHT.min, bounds.height * zoom + 2 * PADDING)));
}

/** What an edge says in words: its relation, "base model" rather than base_model. */
const relationText = (edge: Graph['edges'][number]) => edge.relation.replace('_', ' ');

/** The lineage graph, laid out by ELK in a worker; clicking a node, or Enter on a focused one, opens its page. */
export function LineageGraph({ graph }: { graph: Graph }) {
  const router = useRouter();
  const { ref, width } = useWidth();
  // Between two columns there is room for "1K rows" only; relations the arrows and node kinds say go unlabelled.
  const laidEdges = useMemo<LaidEdge[]>(
    () => graph.edges.map((e) => ({ from: e.from, to: e.to, label: shortEdgeStatistics(e.statistics) ?? (IMPLIED_RELATIONS.has(e.relation) ? undefined : relationText(e)) })),
    [graph],
  );
  const fit = useMemo(() => (width === null ? null : { narrow: width < NARROW, maxRightWidth: (width - PADDING - TOOLBAR_GUTTER) / READABLE_ZOOM }), [width]);
  const { positions, routes, extent, error, direction } = useElkLayout(graph.nodes, laidEdges, NODE_SIZE, fit, labelSize);
  const byKey = useMemo(() => new Map(graph.nodes.map((n) => [n.key, n])), [graph]);
  const nodes = useMemo<(LineageFlowNode | Node)[]>(() => {
    if (!positions) return [];
    const [targetPosition, sourcePosition] = direction === 'DOWN' ? [Position.Top, Position.Bottom] : [Position.Left, Position.Right];
    const layout: Node[] = extent ? [{ id: 'layout-extent', position: { x: 0, y: 0 }, width: extent.width, height: extent.height, hidden: true, focusable: false, data: {} }] : [];
    return [...layout, ...graph.nodes.map((n) => ({
      id: n.key,
      type: 'lineage',
      position: positions.get(n.key) ?? { x: 0, y: 0 },
      data: { ...n, isRoot: n.key === graph.root },
      ariaLabel: describeNode(n),
      className: 'group rounded-lg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 hover:!z-50 focus-visible:!z-50',
      sourcePosition,
      targetPosition,
    }))];
  }, [graph, positions, extent, direction]);
  const edges = useMemo<RoutedFlowEdge[]>(
    () =>
      graph.edges.map((e, i) => {
        const relation = relationText(e);
        const statistics = formatEdgeStatistics(e.statistics);
        const id = `${e.from}>${e.to}`;
        const routed = routes?.get(id);
        return {
          id,
          type: 'routed',
          source: e.from,
          target: e.to,
          data: { route: routed?.route ?? null, labelAt: routed?.labelAt ?? null },
          label: laidEdges[i]!.label,
          ariaLabel: `${byKey.get(e.from)?.label ?? e.from}, ${relation}${statistics ? ` (${statistics})` : ''}, to ${byKey.get(e.to)?.label ?? e.to}`,
          labelStyle: { fontSize: LABEL_FONT_SIZE, fill: '#475569' },
          style: { stroke: EDGE_COLOUR },
          markerEnd: ARROW,
        };
      }),
    [graph, byKey, routes, laidEdges],
  );
  const height = positions && width ? canvasHeight(extent ?? contentBounds(positions, NODE_SIZE), width) : HEIGHT.min;
  const openNode = (key: string | null | undefined) => {
    const node = key ? byKey.get(key) : undefined;
    if (node) router.push(node.href);
  };
  const openFocusedNode = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter') openNode((event.target as HTMLElement).closest('.react-flow__node')?.getAttribute('data-id'));
  };
  return (
    <div ref={ref} className="relative rounded-lg border border-slate-200 bg-white" style={{ height }} data-testid="lineage-graph" data-laid-out={positions ? 'true' : 'false'}>
      {error ? <p role="alert" className="p-4 text-sm text-rose-700">The graph could not be laid out: {error}. The table below lists the same edges.</p> : null}
      {!positions && !error ? <p className="absolute inset-0 grid place-items-center text-sm text-slate-500">Laying out {plural(graph.nodes.length, 'node')}…</p> : null}
      {positions ? (
        <ReactFlow
          key={direction}
          aria-label={`Lineage graph: ${plural(graph.nodes.length, 'node')}, ${plural(graph.edges.length, 'edge')}. The table below lists the same edges.`}
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          edgeTypes={EDGE_TYPES}
          onNodeClick={(_, node) => openNode(node.id)}
          onKeyDown={openFocusedNode}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          edgesFocusable={false}
          fitView
          fitViewOptions={FIT_VIEW}
          minZoom={0.1}
          ariaLabelConfig={A11Y_LABELS}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={24} color="#e2e8f0" />
          <ZoomToolbar fitViewOptions={FIT_VIEW} />
          {graph.nodes.length > 30 ? <MiniMap pannable zoomable nodeStrokeWidth={3} /> : null}
        </ReactFlow>
      ) : null}
    </div>
  );
}
