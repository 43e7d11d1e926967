import { Badge, humanize } from '@/components/ui/badge';
import { Table, Td, Th } from '@/components/ui/table';
import { COMPARATOR_SYMBOLS } from '@/lib/evidence/metric';
import type { EvaluationRecord } from '@/lib/evidence/queries';

function MetricLine({ metric }: { metric: EvaluationRecord['metrics'][number] }) {
  const verdict = metric.passed === null ? null : metric.passed ? <span className="text-emerald-700">pass</span> : <span className="font-medium text-rose-700">fail</span>;
  return (
    <li className="tabular-nums">
      <span className="font-mono text-xs">{metric.name}</span> {metric.value}
      {metric.threshold !== null && metric.comparator ? <span className="text-slate-500"> (threshold {COMPARATOR_SYMBOLS[metric.comparator]} {metric.threshold})</span> : null} {verdict}
    </li>
  );
}

/** Evidence of a version: what was measured, against which threshold, and whether it counts for these bytes. */
export function EvidenceTable({ items }: { items: EvaluationRecord[] }) {
  return (
    <Table caption="Evaluation evidence">
      <thead>
        <tr><Th>Kind</Th><Th>Run on</Th><Th>Metrics</Th><Th>Producer</Th><Th>Attachments</Th></tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {items.map((e) => (
          <tr key={e.id}>
            <Td>
              <Badge tone="indigo">{humanize(e.kind)}</Badge>
              <p className="mt-1 text-xs text-slate-500">{e.environment} · {e.performedAt.slice(0, 10)}</p>
            </Td>
            <Td>
              {e.countsForVersion ? <Badge tone="green">These bytes</Badge> : <Badge tone="amber" title={e.artifactSha256}>Other bytes: does not count</Badge>}
              {e.dataset ? <p className="mt-1 text-xs text-slate-500">{e.dataset}</p> : null}
            </Td>
            <Td>
              {e.summary ? <p className="mb-1 text-xs text-slate-600">{e.summary}</p> : null}
              <ul className="space-y-0.5 text-sm">{e.metrics.map((m) => <MetricLine key={m.id} metric={m} />)}</ul>
            </Td>
            <Td>{e.producer || '—'}</Td>
            <Td>
              {e.attachments.length === 0 ? '—' : (
                <ul className="space-y-0.5">
                  {e.attachments.map((a) => (
                    <li key={a.id}><a href={`/api/v1/artifacts/${a.blobSha256}`} className="text-indigo-700 hover:underline">{a.fileName}</a></li>
                  ))}
                </ul>
              )}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
