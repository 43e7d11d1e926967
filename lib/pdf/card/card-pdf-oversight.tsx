import { closureStatement } from '@/lib/findings/closure-statement';
import { humanize, plural } from '@/lib/words';
import { CARD_SECTIONS } from '@/lib/cards/annex-iv';
import type { CardFinding } from '@/lib/cards/card-schema';
import type { OversightFinding } from '@/lib/cards/oversight-schema';
import {
  breachText, cardWaivers, dueText, findingGroupTexts, incidentRuleText, oversightScopeTexts, reviewOutcomeText, reviewStateText, ruleText, seriesLabel, seriesReportedText, seriesValueText, waiverStateText, windowText,
  type OversightOf,
} from '@/lib/cards/oversight-text';
import { formatDate, formatDateTime } from '@/lib/format/date-time';
import { Digest } from '../digest';
import { Paragraph, SectionHeading, SubHeading } from '../headings';
import { KeyValueList } from '../key-value-list';
import { PdfTable } from '../table';
import { theme } from '../theme';
import { reviewTriggerLabel } from '@/lib/reviews/trigger-labels';

const NOT_IN_SNAPSHOT = 'Live records are not part of a signed snapshot; the current card shows them as they stand.';
const liveNote = (of: OversightOf, lead: string) => `${lead} ${oversightScopeTexts(of).live}`;

function FindingTable({ rows, today, empty }: { rows: (CardFinding | OversightFinding)[]; today: string | null; empty: string }) {
  return (
    <PdfTable
      rows={rows}
      rowKey={(f) => f.id}
      empty={empty}
      columns={[
        { title: 'Finding', weight: 3.2, cell: (f) => `${f.ref} ${f.title}${'occurrences' in f && f.occurrences > 1 ? `\n${f.occurrences} occurrences` : ''}` },
        { title: 'Severity', weight: 1, cell: (f) => humanize(f.severity), color: (f) => (f.severity === 'critical' || f.severity === 'high' ? theme.color.bad : undefined) },
        { title: 'Status', weight: 1.4, cell: (f) => humanize(f.status) },
        { title: 'Subject', weight: 2, cell: (f) => f.subject.label },
        { title: 'Owner', weight: 1.4, cell: (f) => f.owner },
        { title: 'Due', weight: 1.5, cell: (f) => dueText(f, today) },
      ]}
    />
  );
}

function ClosedTable({ rows, empty }: { rows: OversightFinding[]; empty: string }) {
  return (
    <PdfTable
      rows={rows}
      rowKey={(f) => f.id}
      empty={empty}
      columns={[
        { title: 'Finding', weight: 2.6, cell: (f) => `${f.ref} ${f.title}\n${humanize(f.severity)}` },
        { title: 'Closed', weight: 2, cell: (f) => (f.closure ? `${formatDateTime(f.closure.closedAt)}\nby ${f.closure.closedBy ?? '—'}` : '—') },
        { title: 'Closure evidence', weight: 3, cell: (f) => f.closure?.evidence || '—' },
        { title: 'Signature', weight: 2.4, cell: (f) => (f.closure?.meaning ? closureStatement(f.closure.meaning, f.closure.role) : 'Not signed (medium or low)') },
      ]}
    />
  );
}

function FindingsBlock({ of }: { of: OversightOf }) {
  const today = of.oversight?.asOf.slice(0, 10) ?? null;
  if (!of.oversight) {
    return (
      <>
        <Paragraph muted>Active and accepted findings on this version and its training data, as frozen in the snapshot.</Paragraph>
        <FindingTable rows={of.frozen} today={today} empty="None were recorded when the snapshot was frozen." />
      </>
    );
  }
  const { active, accepted, recentlyClosed } = of.oversight.findings;
  const texts = findingGroupTexts(of.oversight.findings, of.oversight.recentDays);
  return (
    <>
      <Paragraph muted>{liveNote(of, oversightScopeTexts(of).findingsLead)}</Paragraph>
      <SubHeading>{texts.active.title}</SubHeading>
      <FindingTable rows={active} today={today} empty={texts.active.empty} />
      <SubHeading>{texts.accepted.title}</SubHeading>
      <FindingTable rows={accepted} today={today} empty={texts.accepted.empty} />
      <SubHeading>{texts.closed.title}</SubHeading>
      <ClosedTable rows={recentlyClosed} empty={texts.closed.empty} />
    </>
  );
}

/**
 * The oversight sections, numbered from `first` (9 on a version's card): monitoring, findings, waivers, periodic
 * review and serious incidents.
 */
export function CardOversightSections({ of, first }: { of: OversightOf; first: number }) {
  const o = of.oversight;
  const now = o ? new Date(o.asOf) : null;
  const waivers = cardWaivers(of.oversight, of.frozen);
  const last = o?.review.last;
  const numbered = (offset: number, title: string) => `${first + offset}. ${title}`;
  return (
    <>
      <SectionHeading id="monitoring">{numbered(0, CARD_SECTIONS.monitoring)}</SectionHeading>
      {o ? (
        <>
          <Paragraph muted>{liveNote(of, 'The latest window of each monitored metric, judged against the policy’s monitoring rules.')}</Paragraph>
          <PdfTable
            rows={o.monitoring}
            rowKey={(s) => `${s.modelVersionId}-${s.metric}-${s.feature ?? ''}`}
            empty={oversightScopeTexts(of).noMonitoring}
            columns={[
              { title: 'Metric', weight: of.card === 'system' ? 1.9 : 1.4, cell: (s) => seriesLabel(s, of, '\n') },
              { title: 'Latest value', weight: 2.3, cell: (s) => seriesValueText(s) },
              { title: 'Reported', weight: 1, cell: (s) => seriesReportedText(s) },
              { title: 'Rule', weight: 2.1, cell: (s) => ruleText(s.rules) },
              { title: 'Verdict', weight: 2, cell: (s) => breachText(s), color: (s) => (s.breach ? theme.color.bad : s.breach === false ? theme.color.ok : undefined) },
              { title: 'Window', weight: 1.8, cell: (s) => `${windowText(s)}\n${plural(s.points, 'window')}` },
            ]}
          />
        </>
      ) : <Paragraph muted>{NOT_IN_SNAPSHOT}</Paragraph>}
      <SectionHeading id="findings">{numbered(1, CARD_SECTIONS.findings)}</SectionHeading>
      <FindingsBlock of={of} />
      <SectionHeading id="waivers">{numbered(2, CARD_SECTIONS.waivers)}</SectionHeading>
      <PdfTable
        rows={waivers}
        rowKey={(w) => `${w.findingRef}-${w.signedAt}`}
        empty="No risk is accepted."
        columns={[
          { title: 'Finding', weight: 2, cell: (w) => `${w.findingRef} ${w.findingTitle}` },
          { title: 'Justification', weight: 2.6, cell: (w) => w.justification },
          { title: 'Compensating controls', weight: 2.6, cell: (w) => w.compensatingControls },
          { title: 'State', weight: 2, cell: (w) => waiverStateText(w, now) },
          { title: 'Signed by', weight: 2, cell: (w) => `${w.signedBy} (${humanize(w.role)})\n${formatDateTime(w.signedAt)}` },
        ]}
      />
      <SectionHeading id="review">{numbered(3, CARD_SECTIONS.review)}</SectionHeading>
      {o ? (
        <KeyValueList
          items={[
            { key: 'Review', value: reviewStateText(o.review) },
            { key: 'Last signed review', value: last ? `${humanize(last.kind)}: ${reviewOutcomeText(last)}` : 'None yet' },
            ...(last ? [{ key: 'Signed by', value: `${last.signedBy} (${humanize(last.role)}), ${formatDateTime(last.signedAt)}` }, { key: 'Snapshot reviewed', value: <Digest value={last.snapshotSha256} /> }] : []),
            { key: 'Due now', value: o.review.dueNow.length ? o.review.dueNow.map((t) => `${reviewTriggerLabel(t.reason)} (${formatDate(t.since)}): ${t.detail}`).join('\n') : 'Nothing before the review date' },
          ]}
        />
      ) : <Paragraph muted>{NOT_IN_SNAPSHOT}</Paragraph>}
      <SectionHeading id="incidents">{numbered(4, CARD_SECTIONS.incidents)}</SectionHeading>
      {o ? (
        <PdfTable
          rows={o.incidents}
          rowKey={(i) => i.id}
          empty="No serious incident is open or was closed recently."
          columns={[
            { title: 'Incident', weight: 2.4, cell: (i) => `${i.ref} ${i.title}\n${humanize(i.severity)}, ${humanize(i.status)}` },
            { title: 'Reporting', weight: 2.6, cell: (i) => `${i.reportingStatus}\n${incidentRuleText(i)}`, color: (i) => (i.overdue ? theme.color.bad : undefined) },
            { title: 'Timeline', weight: 4, cell: (i) => [`${formatDateTime(i.awareAt)} aware`, ...i.actions.map((a) => `${formatDateTime(a.at)} ${a.text}`)].join('\n') },
          ]}
        />
      ) : <Paragraph muted>{NOT_IN_SNAPSHOT}</Paragraph>}
    </>
  );
}
