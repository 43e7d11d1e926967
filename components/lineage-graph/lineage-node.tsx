'use client';

import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import { cn } from '@/components/ui/cn';
import type { NodeDescription } from '@/lib/lineage/describe-nodes';
import { INTEGRITY_STYLES, KIND_STYLES } from './node-styles';

export type LineageFlowNode = Node<NodeDescription & { isRoot: boolean }, 'lineage'>;

export const NODE_SIZE = { width: 220, height: 72 };

export function LineageNode({ data }: NodeProps<LineageFlowNode>) {
  const kind = KIND_STYLES[data.kind];
  const integrity = INTEGRITY_STYLES[data.integrity];
  return (
    <div
      className={cn('rounded-lg border-2 px-3 py-2 shadow-sm', kind.className, data.isRoot && 'ring-4 ring-indigo-300')}
      style={{ width: NODE_SIZE.width, height: NODE_SIZE.height }}
      title={`${kind.label}: ${data.label} — ${integrity.label}: ${data.integrityNote}`}
    >
      <Handle type="target" position={Position.Left} className="!bg-slate-400" />
      <div className="flex items-center justify-between gap-2">
        <span className="text-[10px] font-semibold tracking-wide text-slate-500 uppercase">{kind.label}</span>
        <span className={cn('size-2.5 shrink-0 rounded-full', integrity.dot)} aria-label={integrity.label} />
      </div>
      <p className="truncate text-sm font-medium text-slate-900">{data.label}</p>
      <p className="truncate text-xs text-slate-500">{data.detail}</p>
      <Handle type="source" position={Position.Right} className="!bg-slate-400" />
    </div>
  );
}
