import { Badge, humanize } from '@/components/ui/badge';
import { Table, Td, Th } from '@/components/ui/table';
import type { ActionResult } from '@/lib/http/form-action';
import { COMPARATOR_SYMBOLS } from '@/lib/evidence/metric';
import type { EvaluationRecord } from '@/lib/evidence/queries';
import { RetractEvaluationButton } from './retract-evaluation-button';
import { SelfReportedLegend, SelfReportedMark } from './self-reported-mark';
import { formatMetricValue } from '@/lib/format/metric-value';
import { formatDate, formatDateTime } from '@/lib/format/date-time';

type RetractAction = (input: Record<string, unknown>) => Promise<ActionResult<unknown>>;

function MetricLine({ metric }: { metric: EvaluationRecord['metrics'][number] }) {
  const verdict = metric.passed === null ? null : metric.passed ? <span className="text-emerald-700">pass</span> : <span className="font-medium text-rose-700">fail</span>;
  return (
    <li className="tabular-nums">
      <span className="font-mono text-xs">{metric.name}</span> {formatMetricValue(metric.value, metric.unit)}
      {metric.origin === 'claimed' ? <> <SelfReportedMark /></> : null}
      {metric.threshold !== null && metric.comparator ? <span className="text-slate-500"> (threshold {COMPARATOR_SYMBOLS[metric.comparator]} {metric.threshold})</span> : null} {verdict}
    </li>
  );
}

/** A record derived from an attached tool report names the file (a download) and the tool it came from. */
function ComputedFrom({ e }: { e: EvaluationRecord }) {
  const report = e.reportFormat ? e.attachments[0] : undefined;
  if (!report) return null;
  return (
    <p className="mb-1 text-xs text-slate-700" data-testid="computed-from">
      <Badge tone="green">Computed</Badge> from <a href={`/api/v1/artifacts/${report.blobSha256}`} className="text-indigo-700 underline">{report.fileName}</a> ({e.reportTool})
    </p>
  );
}

/** Why a record does not count, or that it does. Retracted and superseded records stay listed, struck through. */
function Standing({ e }: { e: EvaluationRecord }) {
  if (e.status !== 'active') {
    return (
      <>
        <Badge tone="gray">{e.status === 'retracted' ? 'Retracted: does not count' : 'Superseded: does not count'}</Badge>
        <p className="mt-1 text-xs text-slate-600" data-testid="evidence-status-reason">{e.statusReason}{e.statusChangedAt ? ` (${formatDate(e.statusChangedAt)})` : ''}</p>
      </>
    );
  }
  return e.countsForVersion ? <Badge tone="green">These bytes</Badge> : <Badge tone="amber" title={e.artifactSha256}>Other bytes: does not count</Badge>;
}

/**
 * Evidence of a version in receipt order: what was measured, against which threshold, whether it counts for these
 * bytes, and when the server received it (the claimed run time beside it). `retract` gives the owner's action per record.
 */
export function EvidenceTable({ items, retract }: { items: EvaluationRecord[]; retract?: (e: EvaluationRecord) => RetractAction | null }) {
  return (
    <>
      <SelfReportedLegend shown={items.some((e) => e.metrics.some((m) => m.origin === 'claimed'))} />
      <Table caption="Evaluation evidence" cardsBelow="md">
        <thead>
          <tr><Th>Kind</Th><Th>Run on</Th><Th>Metrics</Th><Th>Producer</Th><Th>Attachments</Th>{retract ? <Th><span className="sr-only">Actions</span></Th> : null}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((e) => {
            const inactive = e.status !== 'active';
            // A superseded record may still be retracted: a failed threshold it stated counts until then.
            const action = retract && e.status !== 'retracted' ? retract(e) : null;
            return (
              <tr key={e.id} id={`evaluation-${e.id}`} data-status={e.status} className={inactive ? 'text-slate-400 line-through decoration-slate-400' : 'target:bg-amber-50'}>
                <Td>
                  <Badge tone="indigo">{humanize(e.kind)}</Badge>
                  <p className="mt-1 text-xs text-slate-500">
                    {e.environment} environment · received <time dateTime={e.createdAt}>{formatDateTime(e.createdAt)}</time>
                    {formatDate(e.performedAt) !== formatDate(e.createdAt) ? ` · run ${formatDate(e.performedAt)} (claimed)` : ''}
                  </p>
                  <p className="font-mono text-[11px] text-slate-500" title={e.id}>{e.id.slice(0, 8)}</p>
                </Td>
                <Td data-label="Run on" className="no-underline">
                  <span className="inline-block no-underline"><Standing e={e} /></span>
                  {e.dataset ? <p className="mt-1 text-xs text-slate-500">{e.dataset}</p> : null}
                </Td>
                <Td data-label="Metrics" className="max-md:col-span-2">
                  <ComputedFrom e={e} />
                  {e.summary ? <p className="mb-1 text-xs text-slate-600">{e.summary}</p> : null}
                  <ul className="space-y-0.5 text-sm">{e.metrics.map((m) => <MetricLine key={m.id} metric={m} />)}</ul>
                </Td>
                <Td data-label="Producer">{e.producer || '—'}</Td>
                <Td data-label="Attachments">
                  {e.attachments.length === 0 ? '—' : (
                    <ul className="space-y-0.5">
                      {e.attachments.map((a) => (
                        <li key={a.id}><a href={`/api/v1/artifacts/${a.blobSha256}`} className="text-indigo-700 hover:underline">{a.fileName}</a></li>
                      ))}
                    </ul>
                  )}
                </Td>
                {retract ? <Td>{action ? <RetractEvaluationButton label={`Retract ${humanize(e.kind)} evidence ${e.id.slice(0, 8)}`} action={action} /> : null}</Td> : null}
              </tr>
            );
          })}
        </tbody>
      </Table>
    </>
  );
}
