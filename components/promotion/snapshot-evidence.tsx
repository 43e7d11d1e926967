import { humanize } from '@/components/ui/badge';
import { Table, Td, Th } from '@/components/ui/table';
import { thresholdText, type COMPARATOR_SYMBOLS } from '@/lib/evidence/metric';
import { formatMetricValue } from '@/lib/format/metric-value';

type SnapshotEvidence = {
  id: string;
  kind: string;
  environment: string;
  performedAt: string;
  producer: string;
  metrics: { name: string; value: number; unit?: string; threshold: number | null; comparator: keyof typeof COMPARATOR_SYMBOLS | null; passed: boolean | null }[];
};

/** The evidence as frozen at submission, metric by metric, with the production version's latest value beside it. */
export function SnapshotEvidence({ evidence, production }: { evidence: SnapshotEvidence[]; production: Map<string, number> | null }) {
  const rows = evidence.flatMap((e) => e.metrics.map((m) => ({ e, m })));
  if (rows.length === 0) return <p className="text-sm text-slate-500">The snapshot holds {evidence.length} evaluation(s) without metrics.</p>;
  return (
    <Table caption="Evidence as submitted">
      <thead>
        <tr><Th>Kind</Th><Th>Metric</Th><Th numeric>Value</Th><Th>Threshold</Th><Th>Result</Th>{production ? <Th numeric>In production now</Th> : null}</tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map(({ e, m }, i) => (
          <tr key={`${e.id}-${m.name}-${i}`}>
            <Td>{humanize(e.kind)}<p className="text-xs text-slate-500">{e.environment} · {e.performedAt.slice(0, 10)}</p></Td>
            <Td className="font-mono text-xs">{m.name}</Td>
            <Td className="text-right tabular-nums">{formatMetricValue(m.value, m.unit)}</Td>
            <Td>{thresholdText(m.threshold, m.comparator)}</Td>
            <Td>{m.passed === null ? '—' : m.passed ? <span className="text-emerald-700">pass</span> : <span className="font-medium text-rose-700">fail</span>}</Td>
            {production ? <Td className="text-right tabular-nums">{production.get(`${e.kind}:${m.name}`) ?? '—'}</Td> : null}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
