import Link from 'next/link';
import { Card, EmptyState, PageHeader } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import type { LineageGraph as Graph } from '@/lib/lineage/queries';
import { plural } from '@/lib/words';
import { LineageGraph } from './lineage-graph';
import { LineageTable } from './lineage-table';
import { kindLabelOf } from './node-styles';

/** Large graphs list their first edges only, unless asked for all (the table is server-rendered). */
const TABLE_LIMIT = 100;

export function LineageView({ graph, allEdges }: { graph: Graph; allEdges: boolean }) {
  const root = graph.nodes.find((n) => n.key === graph.root)!;
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/lineage" className="hover:text-slate-700">Lineage</Link>}
        title={root.label}
        description={`${kindLabelOf(root)}: upstream and downstream to depth ${graph.depth}. ${plural(graph.nodes.length, 'node')}, ${plural(graph.edges.length, 'edge')}.`}
        actions={
          <nav aria-label="Depth" className="flex items-center gap-1 text-sm">
            <span className="mr-1 text-slate-500">Depth</span>
            {[1, 2, 3, 4, 5, 6].map((d) => (
              <Link key={d} href={`/lineage?node=${graph.root}&depth=${d}`} aria-current={d === graph.depth ? 'true' : undefined} className={cn('rounded-md px-2.5 py-1 ring-1 ring-inset', d === graph.depth ? 'bg-slate-800 text-white ring-slate-800' : 'text-slate-700 ring-slate-300 hover:bg-slate-50')}>
                {d}
              </Link>
            ))}
          </nav>
        }
      />
      {graph.truncated ? <p role="status" className="mb-3 text-sm text-amber-700">The graph is larger than can be drawn; reduce the depth to see all of it.</p> : null}
      {graph.edges.length === 0 ? (
        <EmptyState title="No lineage recorded yet">Record a training run with this node as an input or output, or report a deployment.</EmptyState>
      ) : (
        <div className="space-y-6">
          <LineageGraph graph={graph} />
          <Card title="Edges as a table">
            <LineageTable graph={graph} limit={allEdges ? Infinity : TABLE_LIMIT} moreHref={`/lineage?node=${graph.root}&depth=${graph.depth}&edges=all`} />
          </Card>
        </div>
      )}
    </>
  );
}
