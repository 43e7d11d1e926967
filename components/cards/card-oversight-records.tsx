import type { ReactNode } from 'react';
import Link from 'next/link';
import { SeverityBadge } from '@/components/findings/finding-badges';
import { Badge, humanize } from '@/components/ui/badge';
import { Card, Facts } from '@/components/ui/card';
import { formatDate, formatDateTime } from '@/components/ui/format';
import { Mono, Table, Td, Th } from '@/components/ui/table';
import { CARD_SECTIONS } from '@/lib/cards/annex-iv';
import type { CardFinding } from '@/lib/cards/card-schema';
import type { CardOversight } from '@/lib/cards/oversight-schema';
import { cardWaivers, incidentRuleText, reviewOutcomeText, reviewStateText, waiverStateText } from '@/lib/cards/oversight-text';
import { LiveNote, NotInSnapshot } from './card-oversight-sections';
import { reviewTriggerLabel } from '@/lib/reviews/trigger-labels';

export function CardWaiversSection({ oversight, frozen }: { oversight: CardOversight | null; frozen?: CardFinding[] }) {
  const now = oversight ? new Date(oversight.asOf) : null;
  const waivers = cardWaivers(oversight, frozen);
  return (
    <Card title={`${CARD_SECTIONS.waivers} (${waivers.length})`}>
      {oversight ? <LiveNote oversight={oversight}>Signed policy exceptions; each re-opens its finding when it expires.</LiveNote> : <p className="mb-3 text-sm text-slate-600">Waivers in force when the snapshot was frozen.</p>}
      {waivers.length === 0 ? (
        <p className="text-sm text-slate-500">
          {oversight ? 'No risk is accepted. A risk officer who does not own a finding may accept it as a risk, with an expiry, from the finding’s page.' : 'No waiver was in force when the snapshot was frozen.'}
        </p>
      ) : (
        <Table caption="Accepted risks" cardsBelow="md">
          <thead><tr><Th>Finding</Th><Th>Justification</Th><Th>Compensating controls</Th><Th>State</Th><Th>Signed by</Th></tr></thead>
          <tbody className="divide-y divide-slate-100">
            {waivers.map((w) => (
              <tr key={`${w.findingId}-${w.signedAt}`}>
                <Td><Link href={`/findings/${w.findingId}`} className="font-medium text-indigo-700 hover:underline">{w.findingRef}</Link> {w.findingTitle}</Td>
                <Td data-label="Justification" className="max-md:col-span-2">{w.justification}</Td>
                <Td data-label="Compensating controls" className="max-md:col-span-2">{w.compensatingControls}</Td>
                <Td data-label="State">{waiverStateText(w, now)}</Td>
                <Td data-label="Signed by">{w.signedBy} ({humanize(w.role)})<span className="block text-xs whitespace-nowrap text-slate-500">{formatDateTime(w.signedAt)}</span></Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

export function CardReviewSection({ oversight }: { oversight: CardOversight | null }) {
  if (!oversight) return <Card title={CARD_SECTIONS.review}><NotInSnapshot /></Card>;
  const { review } = oversight;
  const last = review.last;
  return (
    <Card title={CARD_SECTIONS.review}>
      <LiveNote oversight={oversight}>The system&apos;s periodic review.</LiveNote>
      <Facts
        items={[
          ['Review', review.overdue ? <Badge key="r" tone="red">{reviewStateText(review)}</Badge> : reviewStateText(review)],
          ['Last signed review', last ? `${humanize(last.kind)}: ${reviewOutcomeText(last)}` : 'None yet'],
          ...(last ? ([['Signed by', `${last.signedBy} (${humanize(last.role)}), ${formatDateTime(last.signedAt)}`], ['Snapshot reviewed', <Mono key="d">{last.snapshotSha256}</Mono>]] as [string, ReactNode][]) : []),
        ]}
      />
      <h3 className="mt-4 mb-2 text-sm font-semibold text-slate-800">Due now</h3>
      {review.dueNow.length ? (
        <ul className="space-y-1 text-sm">
          {review.dueNow.map((t, i) => <li key={`${t.reason}-${i}`}><Badge tone="amber">{reviewTriggerLabel(t.reason)}</Badge> {formatDate(t.since)}: {t.detail}</li>)}
        </ul>
      ) : <p className="text-sm text-slate-500">Nothing has made a review due before its date.</p>}
    </Card>
  );
}

export function CardIncidentsSection({ oversight }: { oversight: CardOversight | null }) {
  if (!oversight) return <Card title={CARD_SECTIONS.incidents}><NotInSnapshot /></Card>;
  const { incidents } = oversight;
  return (
    <Card title={`${CARD_SECTIONS.incidents} (${incidents.length})`}>
      <LiveNote oversight={oversight}>Serious incidents (EU AI Act Art. 73) affecting the system, with their reporting deadline.</LiveNote>
      {incidents.length === 0 ? <p className="text-sm text-slate-500">No serious incident is open or was closed recently. Incidents are recorded on the incidents page.</p> : (
        <ul className="space-y-3">
          {incidents.map((i) => (
            <li key={i.id} className="rounded border border-slate-200 px-3 py-2 text-sm">
              <p className="flex flex-wrap items-center gap-2">
                <Link href={`/incidents/${i.id}`} className="font-medium text-indigo-700 hover:underline">{i.ref}</Link> {i.title}
                <SeverityBadge severity={i.severity} />
                <Badge tone={i.status === 'open' ? (i.overdue ? 'red' : 'amber') : 'green'}>{humanize(i.status)}</Badge>
              </p>
              <p className={i.overdue ? 'font-medium text-rose-800' : 'text-slate-700'}>{i.reportingStatus}</p>
              <p className="text-xs text-slate-500">Aware {formatDateTime(i.awareAt)} · {incidentRuleText(i)}</p>
              {i.actions.length ? (
                <ol className="mt-1 list-disc space-y-0.5 pl-5 text-xs text-slate-700">
                  {i.actions.map((a, n) => <li key={n}><span className="whitespace-nowrap">{formatDateTime(a.at)}</span> {a.actor ? `${a.actor}: ` : ''}{a.text}</li>)}
                </ol>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
