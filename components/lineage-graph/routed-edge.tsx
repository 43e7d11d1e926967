'use client';

import { BaseEdge, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import { routePath, type Point, type Route } from './edge-route';

export type RoutedFlowEdge = Edge<{ route: Route | null; labelAt: Point | null }, 'routed'>;

/**
 * An edge along the route ELK laid out, its label where ELK kept room for it (halfway along the route otherwise); a
 * curve between the nodes' handles where there is no route (column layout).
 */
export function RoutedEdge({ id, data, label, labelStyle, style, markerEnd, ...ends }: EdgeProps<RoutedFlowEdge>) {
  let path: string;
  let at: Point;
  if (data?.route) {
    const routed = routePath(data.route);
    [path, at] = [routed.path, data.labelAt ?? routed.label];
  } else {
    const [curve, x, y] = getBezierPath(ends);
    [path, at] = [curve, { x, y }];
  }
  return <BaseEdge id={id} path={path} labelX={at.x} labelY={at.y} label={label} labelStyle={labelStyle} style={style} markerEnd={markerEnd} />;
}
