import { VERIFICATION_WORDS } from '@/lib/cards/card-facts';
import { STATED_THRESHOLD } from '@/lib/evidence/metric';
import { Badge, humanize, ScanBadge } from '@/components/ui/badge';
import { Card, EmptyState, Facts } from '@/components/ui/card';
import { formatDate } from '@/components/ui/format';
import { PersonName } from '@/components/ui/person';
import { Mono, Table, Td, Th } from '@/components/ui/table';
import { SignaturesList } from '@/components/promotion/signatures-list';
import { annexIvCoverage, CARD_SECTIONS, type CoveredCard } from '@/lib/cards/annex-iv';
import type { CardView } from '@/lib/cards/load-card';
import { SelfReportedLegend, SelfReportedMark } from '@/components/evidence/self-reported-mark';
import { metricComparison } from '@/lib/cards/metric-comparison';
import { isUnrecognizedFormat } from '@/lib/artifacts/scan/unrecognized-format';
import { formatMetricValue } from '@/lib/format/metric-value';
import { plural } from '@/lib/words';
import type { MetricRow } from '@/lib/cards/metric-comparison';
import { integrityProblemLabel } from '@/lib/integrity/kind-labels';

type Reading = MetricRow['staging'];

function ReadingCell({ reading, label }: { reading: Reading; label: string }) {
  if (!reading) return <Td data-label={label} className="text-right text-slate-400">—</Td>;
  const verdict = reading.passed === null ? null : reading.passed ? <span className="text-emerald-700">pass</span> : <span className="font-medium text-rose-700">fail</span>;
  return (
    <Td data-label={label} className="text-right tabular-nums">
      {formatMetricValue(reading.value, reading.unit)} {verdict ? <span className="text-xs">({verdict})</span> : null}
      <span className="block text-xs text-slate-500">{formatDate(reading.performedAt)}</span>
      {reading.origin === 'computed' ? <span className="block text-xs text-slate-500">computed</span> : <SelfReportedMark />}
    </Td>
  );
}

/** Evaluation results: every metric against its threshold, the latest staging and production readings side by side. */
export function CardEvaluationSection({ view }: { view: CardView }) {
  const { evaluations } = view.content;
  const rows = metricComparison(evaluations);
  return (
    <Card title={`Evaluation results (${plural(evaluations.length, 'evaluation')})`}>
      {rows.length === 0 ? (
        <EmptyState title="No evaluation evidence bound to this artifact">Only evidence recorded on this exact digest counts and appears here.</EmptyState>
      ) : (
        <>
        <p className="mb-3 text-xs text-slate-500">{STATED_THRESHOLD.note}</p>
        <SelfReportedLegend shown={rows.some((r) => [r.staging, r.production].some((reading) => reading && reading.origin !== 'computed'))} />
        <Table caption="Metrics against thresholds, staging beside production" cardsBelow="md">
          <thead><tr><Th>Evidence kind</Th><Th>Metric</Th><Th>{STATED_THRESHOLD.label}</Th><Th numeric>Staging</Th><Th numeric>Production</Th></tr></thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={`${r.kind}-${r.name}`}>
                <Td><span className="max-md:font-medium max-md:text-slate-900">{humanize(r.kind)}</span></Td>
                <Td data-label="Metric" className="font-mono text-xs">{r.name}</Td>
                <Td data-label={STATED_THRESHOLD.label}>{r.threshold}</Td>
                <ReadingCell reading={r.staging} label="Staging" />
                <ReadingCell reading={r.production} label="Production" />
              </tr>
            ))}
          </tbody>
        </Table>
        </>
      )}
      {evaluations.some((e) => e.attachments.length) ? (
        <ul className="mt-4 space-y-1 text-xs text-slate-600">
          {evaluations.flatMap((e) => e.attachments.map((a) => (
            <li key={`${e.id}-${a.sha256}-${a.fileName}`}>{humanize(e.kind)} attachment {a.fileName}: <span className="font-mono break-all">{a.sha256}</span></li>
          )))}
        </ul>
      ) : null}
    </Card>
  );
}

export function CardNarrativeSection({ view, editHref }: { view: CardView; editHref: string | null }) {
  const { narrative } = view.content;
  return (
    <Card title="Limitations, ethical considerations and recommendations" actions={editHref ? <a href={editHref} className="text-sm text-indigo-700 hover:underline">Edit</a> : null}>
      <Facts items={[['Limitations', narrative.limitations], ['Ethical considerations', narrative.ethicalConsiderations], ['Recommendations', narrative.recommendations]]} />
    </Card>
  );
}

/** The signatures bound to this card's snapshot, or to the last signed one when this is the current card. */
export function CardApprovalsSection({ view }: { view: CardView }) {
  const request = view.request ?? view.lastSigned;
  const title = view.request ? `Approvals and signatures of request ${view.request.id}` : 'Approvals and signatures (last signed card)';
  return (
    <Card title={title}>
      {request ? (
        <>
          <p className="mb-2 text-sm text-slate-600">
            Requested by <PersonName person={{ name: request.requester }} /> for {request.targetStage} on {formatDate(request.submittedAt)} · {humanize(request.status)} · snapshot <Mono>{request.snapshotSha256}</Mono>
          </p>
          <SignaturesList items={request.signatures} />
        </>
      ) : (
        <p className="text-sm text-slate-500">This version has never been approved for staging or production.</p>
      )}
    </Card>
  );
}

export function CardIntegritySections({ view }: { view: CardView }) {
  const { integrity } = view.content;
  const verification = VERIFICATION_WORDS[integrity.lastVerification];
  return (
    <>
      <Card title="Integrity and scan">
        <Facts items={[['Artifact scan', <ScanBadge key="s" status={integrity.scanStatus} unreadable={isUnrecognizedFormat(integrity.scanFindings)} />], ['Last verification', verification]]} />
        {integrity.scanFindings.length ? (
          <ul className="mt-3 space-y-1 text-sm">
            {integrity.scanFindings.map((f, i) => <li key={`${f.code}-${i}`}><Badge tone={f.severity === 'critical' ? 'red' : f.severity === 'warning' ? 'amber' : 'gray'}>{f.severity}</Badge> <span className="font-mono text-xs">{f.code}</span> {f.message}</li>)}
          </ul>
        ) : null}
      </Card>
      <Card title={`${CARD_SECTIONS.integrityFindings} (${integrity.openFindings.length})`}>
        {integrity.openFindings.length === 0 ? (
          <p className="text-sm text-slate-500">No open integrity flags.</p>
        ) : (
          <ul className="space-y-2 text-sm">
            {integrity.openFindings.map((f) => (
              <li key={f.id} className="rounded border border-rose-200 bg-rose-50 px-3 py-2">
                <p className="font-medium text-rose-900">{integrityProblemLabel(f.kind)} · {f.subject}{f.environment ? ` (${f.environment})` : ''} · {formatDate(f.raisedAt)}</p>
                <p className="text-rose-800">{f.message}</p>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

export function CardAnnexIvSection({ card }: { card: CoveredCard }) {
  return (
    <Card title="EU AI Act Annex IV coverage">
      <Table caption="Which Annex IV points this card covers" cardsBelow="md">
        <thead><tr><Th>Point</Th><Th>Technical documentation asks for</Th><Th>Coverage</Th><Th>In this card</Th></tr></thead>
        <tbody className="divide-y divide-slate-100">
          {annexIvCoverage(card).map((p) => (
            <tr key={p.point}>
              <Td className="tabular-nums"><span className="max-md:font-medium max-md:text-slate-900"><span className="md:sr-only">Point </span>{p.point}</span></Td>
              <Td data-label="Technical documentation asks for" className="max-md:col-span-2">{p.topic}{p.note ? <span className="block text-xs text-slate-500">{p.note}</span> : null}</Td>
              <Td data-label="Coverage"><Badge tone={p.coverage === 'covered' ? 'green' : p.coverage === 'partly' ? 'amber' : 'gray'}>{p.coverage}</Badge></Td>
              <Td data-label="In this card" className="text-xs">{p.sections.join(', ') || '—'}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
