import Link from 'next/link';
import { Table, Td, Th } from '@/components/ui/table';
import type { LineageGraph } from '@/lib/lineage/queries';
import { formatEdgeStatistics } from './edge-statistics';
import { INTEGRITY_STYLES, kindLabelOf } from './node-styles';

/** The same edges as the graph, as a table (one card per edge on a phone): for keyboard and screen-reader users, and for printing. */
export function LineageTable({ graph, limit = Infinity, moreHref }: { graph: LineageGraph; limit?: number; moreHref?: string }) {
  const byKey = new Map(graph.nodes.map((n) => [n.key, n]));
  const cell = (key: string) => {
    const node = byKey.get(key);
    if (!node) return <span className="text-slate-400">{key}</span>;
    return (
      <>
        <span className="block text-xs text-slate-500">{kindLabelOf(node)}</span>
        <Link href={node.href} className="font-medium wrap-anywhere text-slate-900 hover:text-indigo-700">{node.label}</Link>
        <span className="block text-xs text-slate-500">{INTEGRITY_STYLES[node.integrity].label}: {node.integrityNote}</span>
      </>
    );
  };
  const shown = graph.edges.slice(0, limit);
  return (
    <>
    <Table caption="Lineage edges" cardsBelow="md">
      <thead>
        <tr><Th>From</Th><Th>Relation</Th><Th>To</Th></tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {shown.map((e) => (
          <tr key={`${e.from}>${e.to}`}>
            <Td>{cell(e.from)}</Td>
            <Td data-label="Relation" className="text-slate-600">
              <span className="whitespace-nowrap">{e.relation.replace('_', ' ')} →</span>
              {formatEdgeStatistics(e.statistics) ? <span className="block text-xs text-slate-500">{formatEdgeStatistics(e.statistics)}</span> : null}
            </Td>
            <Td data-label="To">{cell(e.to)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
    {shown.length < graph.edges.length && moreHref ? (
      <p className="mt-2 text-sm text-slate-600">
        Showing {shown.length} of {graph.edges.length} edges. <Link href={moreHref} className="font-medium text-indigo-700 hover:underline">Show all</Link>
      </p>
    ) : null}
    </>
  );
}
