'use client';

import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import { cn } from '@/components/ui/cn';
import type { NodeDescription } from '@/lib/lineage/describe-nodes';
import { INTEGRITY_STYLES, KIND_STYLES, kindLabelOf } from './node-styles';

export type LineageFlowNode = Node<NodeDescription & { isRoot: boolean }, 'lineage'>;

/** Wide enough for "name @ version" on two lines; the kind, two label lines and the detail fit the height. */
export const NODE_SIZE = { width: 240, height: 92 };

/** What a screen reader hears on focus: the node's full name, kind and integrity. */
export const describeNode = (node: NodeDescription) => `${kindLabelOf(node)}: ${node.label} (${node.detail}). ${INTEGRITY_STYLES[node.integrity].label}: ${node.integrityNote}.`;

/**
 * A node card; its label wraps to two lines, and on hover or keyboard focus an overlay shows the full name and
 * integrity note. The overlay's text is CSS content from data attributes so it is neither read twice nor found twice.
 */
export function LineageNode({ data, sourcePosition = Position.Right, targetPosition = Position.Left }: NodeProps<LineageFlowNode>) {
  const kind = KIND_STYLES[data.kind];
  const integrity = INTEGRITY_STYLES[data.integrity];
  return (
    <div className={cn('relative rounded-lg border-2 px-3 py-2 shadow-sm', kind.className, data.isRoot && 'ring-4 ring-indigo-300')} style={{ width: NODE_SIZE.width, height: NODE_SIZE.height }}>
      <Handle type="target" position={targetPosition} className="!bg-slate-400" />
      <div className="flex items-center justify-between gap-2">
        <span className="truncate text-[10px] leading-4 font-semibold tracking-wide text-slate-600 uppercase">{kindLabelOf(data)}</span>
        <span className={cn('size-2.5 shrink-0 rounded-full', integrity.dot)} aria-hidden="true" />
      </div>
      <p className="line-clamp-2 text-sm leading-5 font-medium break-words text-slate-900">{data.label}</p>
      <p className="truncate text-xs leading-4 text-slate-600">{data.detail}</p>
      <div
        aria-hidden="true"
        data-full-label={data.label}
        data-note={`${data.detail} · ${integrity.label}: ${data.integrityNote}`}
        className={cn(
          'pointer-events-none invisible absolute -top-0.5 -left-0.5 z-10 min-h-[calc(100%+4px)] w-[calc(100%+4px)] rounded-lg border-2 px-3 py-2 shadow-lg group-hover:visible group-focus-visible:visible',
          kind.className,
          'before:block before:text-sm before:leading-5 before:font-medium before:break-words before:text-slate-900 before:content-[attr(data-full-label)] after:mt-1 after:block after:text-xs after:break-words after:text-slate-600 after:content-[attr(data-note)]',
        )}
      />
      <Handle type="source" position={sourcePosition} className="!bg-slate-400" />
    </div>
  );
}
