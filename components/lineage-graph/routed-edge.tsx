'use client';

import { BaseEdge, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import { routePath, type Route } from './edge-route';

export type RoutedFlowEdge = Edge<{ route: Route | null }, 'routed'>;

/** An edge along the route ELK laid out; a curve between the nodes' handles where there is none (column layout). */
export function RoutedEdge({ id, data, label, labelStyle, style, markerEnd, ...ends }: EdgeProps<RoutedFlowEdge>) {
  const [path, labelX, labelY] = data?.route
    ? (({ path, label }) => [path, label.x, label.y] as const)(routePath(data.route))
    : getBezierPath(ends);
  return <BaseEdge id={id} path={path} labelX={labelX} labelY={labelY} label={label} labelStyle={labelStyle} style={style} markerEnd={markerEnd} />;
}
