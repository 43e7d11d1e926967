import type { ReactNode } from 'react';
import Link from 'next/link';
import { FindingStatusBadge, SeverityBadge } from '@/components/findings/finding-badges';
import { Badge, humanize } from '@/components/ui/badge';
import { Card, EmptyState } from '@/components/ui/card';
import { formatDateTime } from '@/components/ui/format';
import { PersonName } from '@/components/ui/person';
import { Table, Td, Th } from '@/components/ui/table';
import { CARD_SECTIONS } from '@/lib/cards/annex-iv';
import type { CardFinding } from '@/lib/cards/card-schema';
import type { CardOversight, OversightFinding } from '@/lib/cards/oversight-schema';
import { breachText, dueText, findingGroupTexts, ruleText, seriesName, seriesReportedText, seriesValueText, windowText } from '@/lib/cards/oversight-text';

/** Said on every live section: where the figures come from and that the card digest does not cover them. */
export function LiveNote({ oversight, children }: { oversight: CardOversight; children?: ReactNode }) {
  return (
    <p className="mb-3 text-sm text-slate-600">
      {children} As it stands at <time dateTime={oversight.asOf} className="whitespace-nowrap">{formatDateTime(oversight.asOf)}</time>; this live view is not covered by any card digest.
    </p>
  );
}

export const NotInSnapshot = () => (
  <p className="text-sm text-slate-600">Live records are not part of a signed snapshot. The current card shows them as they stand.</p>
);

/** The latest window of each series; `showVersion` names the version of each row (a system card covers several). */
export function CardMonitoringSection({ oversight, showVersion = false }: { oversight: CardOversight | null; showVersion?: boolean }) {
  const series = oversight?.monitoring ?? [];
  return (
    <Card title={CARD_SECTIONS.monitoring}>
      {!oversight ? <NotInSnapshot /> : series.length === 0 ? (
        <EmptyState title="No monitoring results yet">No production metrics or drift have been reported; once a pipeline reports them, the latest window of each appears here.</EmptyState>
      ) : (
        <>
          <LiveNote oversight={oversight}>The latest window of each monitored metric, judged against the policy&apos;s monitoring rules.</LiveNote>
          <Table caption="Monitored metrics against their rules" cardsBelow="md">
            <thead><tr><Th>Metric</Th><Th>Latest value</Th><Th>Reported</Th><Th>Rule</Th><Th>Verdict</Th><Th>Window</Th></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {series.map((s) => (
                <tr key={`${s.modelVersionId}-${s.metric}-${s.feature ?? ''}`}>
                  <Td><span className="font-mono text-xs">{seriesName(s)}</span>{showVersion ? <span className="block text-xs text-slate-500">{s.version}</span> : null}</Td>
                  <Td data-label="Latest value" className="tabular-nums">{seriesValueText(s)}</Td>
                  <Td data-label="Reported" className="tabular-nums">{seriesReportedText(s)}</Td>
                  <Td data-label="Rule">{ruleText(s.rules)}</Td>
                  <Td data-label="Verdict"><Badge tone={s.breach ? 'red' : s.breach === false ? 'green' : 'gray'}>{breachText(s)}</Badge></Td>
                  <Td data-label="Window" className="whitespace-nowrap">{windowText(s)}<span className="block text-xs text-slate-500">{s.points} {s.points === 1 ? 'window' : 'windows'} so far</span></Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </Card>
  );
}

function FindingsTable({ caption, rows, today, closed = false }: { caption: string; rows: (CardFinding | OversightFinding)[]; today: string | null; closed?: boolean }) {
  return (
    <Table caption={caption} cardsBelow="md">
      <thead>
        <tr><Th>Finding</Th><Th>Severity</Th><Th>Status</Th><Th>Subject</Th><Th>Owner</Th><Th>{closed ? 'Closure' : 'Due'}</Th></tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((f) => {
          const closure = 'closure' in f ? f.closure : null;
          return (
            <tr key={f.id}>
              <Td className="min-w-56"><Link href={`/findings/${f.id}`} className="font-medium text-indigo-700 hover:underline">{f.ref}</Link> {f.title}{'occurrences' in f && f.occurrences > 1 ? <span className="block text-xs text-slate-500">{f.occurrences} occurrences</span> : null}</Td>
              <Td data-label="Severity"><SeverityBadge severity={f.severity} /></Td>
              <Td data-label="Status"><FindingStatusBadge status={f.status} /></Td>
              <Td data-label="Subject">{f.subject.label}</Td>
              <Td data-label="Owner"><PersonName person={{ name: f.owner }} /></Td>
              <Td data-label={closed ? 'Closure' : 'Due'} className={closed ? 'max-md:col-span-2' : undefined}>
                {closed && closure ? (
                  <>
                    <span className="whitespace-nowrap">{formatDateTime(closure.closedAt)}</span> by {closure.closedBy ?? 'someone no longer listed'}
                    {closure.evidence ? <span className="block text-xs">Evidence: {closure.evidence}</span> : null}
                    <span className="block text-xs text-slate-500">{closure.meaning ? `Signed as ${humanize(closure.role ?? '')}: “${closure.meaning}”` : 'Closed without a signature (medium or low)'}</span>
                  </>
                ) : <span className="whitespace-nowrap">{dueText(f, today)}</span>}
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}

/** Findings: live on a current card (active, accepted, recently closed), as frozen on a snapshot card. */
export function CardFindingsSection({ oversight, frozen, scope }: { oversight: CardOversight | null; frozen?: CardFinding[]; scope: string }) {
  const today = oversight ? oversight.asOf.slice(0, 10) : null;
  if (!oversight) {
    const rows = frozen ?? [];
    return (
      <Card title={`${CARD_SECTIONS.findings} (${rows.length})`}>
        <p className="mb-3 text-sm text-slate-600">Active and accepted findings on this version and its training data, as frozen in the snapshot.</p>
        {rows.length ? <FindingsTable caption="Findings frozen in the snapshot" rows={rows} today={today} /> : <p className="text-sm text-slate-500">None were recorded when the snapshot was frozen.</p>}
      </Card>
    );
  }
  const { active, accepted, recentlyClosed } = oversight.findings;
  const texts = findingGroupTexts(oversight.findings, oversight.recentDays);
  const groups = [
    { ...texts.active, rows: active, empty: `${texts.active.empty} Findings are raised on the findings page, by monitoring breaches, tool reports and deployments that run other bytes.`, closed: false },
    { ...texts.accepted, rows: accepted, closed: false },
    { ...texts.closed, rows: recentlyClosed, closed: true },
  ];
  return (
    <Card title={`${CARD_SECTIONS.findings} (${active.length} active)`}>
      <LiveNote oversight={oversight}>{scope}</LiveNote>
      <div className="space-y-4">
        {groups.map((g) => (
          <div key={g.title}>
            <h3 className="mb-2 text-sm font-semibold text-slate-800">{g.title}</h3>
            {g.rows.length ? <FindingsTable caption={`${CARD_SECTIONS.findings}: ${g.title}`} rows={g.rows} today={today} closed={g.closed} /> : <p className="text-sm text-slate-500">{g.empty}</p>}
          </div>
        ))}
      </div>
    </Card>
  );
}
