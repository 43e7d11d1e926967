import { formatDate } from '@/components/ui/format';
import { SelfReportedLegend, SelfReportedMark } from '@/components/evidence/self-reported-mark';
import { Table, Td, Th } from '@/components/ui/table';
import { STATED_THRESHOLD, thresholdText, type COMPARATOR_SYMBOLS } from '@/lib/evidence/metric';
import { formatMetricValue } from '@/lib/format/metric-value';
import { humanize, plural } from '@/lib/words';

type SnapshotMetric = { name: string; value: number; unit?: string; threshold: number | null; comparator: keyof typeof COMPARATOR_SYMBOLS | null; passed: boolean | null; origin?: 'computed' };
type SnapshotEvidence = {
  id: string; kind: string; environment: string; performedAt: string; producer: string; metrics: SnapshotMetric[];
  attachments: { fileName: string; sha256: string }[]; report?: { tool: string };
};

/** Metrics from an attached tool report were computed by the server; the rest are what the requester typed. */
function Provenance({ e }: { e: SnapshotEvidence }) {
  const file = e.report ? e.attachments[0] : undefined;
  if (!file) return null;
  return (
    <p className="text-xs text-slate-700" data-testid="computed-from">
      Computed from <a href={`/api/v1/artifacts/${file.sha256}`} className="text-indigo-700 underline">{file.fileName}</a> ({e.report!.tool})
    </p>
  );
}

function Verdict({ passed }: { passed: boolean | null }) {
  if (passed === null) return <span className="text-slate-500">—</span>;
  return passed ? <span className="text-emerald-700">pass</span> : <span className="font-medium text-rose-700">fail</span>;
}

/**
 * The evidence as frozen at submission, one row per metric (a record without metrics still gets its row), with the
 * production version's latest value beside it. Each record's first row is the target the gate's "decided by" links to.
 * On a phone each row is a card: a record's further metrics are cards titled "<kind>, continued".
 */
export function SnapshotEvidence({ evidence, production, decided }: { evidence: SnapshotEvidence[]; production: { version: string; values: Map<string, number> } | null; decided: Set<string> }) {
  // The production version's latest recorded value, not a live figure: its own evidence, as its recorder gave it.
  const column = production ? `${production.version} in production` : '';
  if (evidence.length === 0) return <p className="text-sm text-slate-500">The snapshot holds no evaluation of these bytes.</p>;
  return (
    <>
      <p className="mb-3 text-xs text-slate-500">{plural(evidence.length, 'evaluation')} of these bytes, in the order the server received them; those the gate judged a requirement on are marked so. {STATED_THRESHOLD.note}</p>
      <SelfReportedLegend shown={evidence.some((e) => e.metrics.some((m) => m.origin !== 'computed'))} />
      <Table caption="Evidence as submitted" cardsBelow="md">
        <thead>
          <tr><Th>Record</Th><Th>Metric</Th><Th numeric>Value</Th><Th>{STATED_THRESHOLD.label}</Th><Th>Result</Th>{production ? <Th numeric>{column}</Th> : null}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {evidence.flatMap((e) => {
            const metrics: (SnapshotMetric | null)[] = e.metrics.length ? e.metrics : [null];
            return metrics.map((m, i) => (
              <tr key={`${e.id}-${i}`} id={i === 0 ? `evaluation-${e.id}` : undefined} className="scroll-mt-20 target:bg-amber-50">
                <Td>
                  {i === 0 ? (
                    <>
                      <span className="font-medium text-slate-900">{humanize(e.kind)}</span>
                      {/* The time the producer gives for the run; the gate dates evidence by when Provenant received it. */}
                      <p className="text-xs text-slate-500">{e.environment} environment · ran {formatDate(e.performedAt)} · by {e.producer || 'an unnamed producer'}</p>
                      <p className="text-xs text-slate-500">record <span className="font-mono">{e.id.slice(0, 8)}</span>{decided.has(e.id) ? <span className="font-medium text-slate-700"> · the gate judged on it</span> : <span className="font-medium text-amber-800"> · no requirement was judged on it</span>}</p>
                      <Provenance e={e} />
                    </>
                  ) : <span className="sr-only max-md:not-sr-only max-md:font-medium max-md:text-slate-900">{humanize(e.kind)}, continued</span>}
                </Td>
                {m ? (
                  <>
                    <Td data-label="Metric" className="max-md:col-span-2"><span className="font-mono text-xs">{m.name}</span>{m.origin === 'computed' ? null : <> <SelfReportedMark /></>}</Td>
                    <Td data-label="Value" className="text-right whitespace-nowrap tabular-nums">{formatMetricValue(m.value, m.unit)}</Td>
                    <Td data-label={STATED_THRESHOLD.label} className="whitespace-nowrap">{thresholdText(m.threshold, m.comparator)}</Td>
                    <Td data-label="Result"><Verdict passed={m.passed} /></Td>
                    {production ? <Td data-label={column} className="text-right tabular-nums">{production.values.has(`${e.kind}:${m.name}`) ? formatMetricValue(production.values.get(`${e.kind}:${m.name}`)!) : '—'}</Td> : null}
                  </>
                ) : (
                  <Td colSpan={production ? 5 : 4} className="text-slate-500 max-md:col-span-2">No metrics: recorded as evidence of its kind.</Td>
                )}
              </tr>
            ));
          })}
        </tbody>
      </Table>
    </>
  );
}
