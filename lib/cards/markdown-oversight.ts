import { closureStatement } from '@/lib/findings/closure-statement';
import { formatDate } from '@/lib/format/date-time';
import { humanize } from '@/lib/words';
import { CARD_SECTIONS } from './annex-iv';
import type { CardFinding } from './card-schema';
import { mdCell, mdCode, mdFacts, mdInline, mdTable } from './markdown-text';
import type { OversightFinding } from './oversight-schema';
import {
  breachText, cardWaivers, dueText, findingGroupTexts, incidentRuleText, oversightScopeTexts, reviewOutcomeText, reviewStateText, ruleText, seriesLabel, seriesReportedText, seriesValueText, waiverStateText, windowText,
  type OversightOf,
} from './oversight-text';
import { utc } from './markdown-sections';
import { reviewTriggerLabel } from '@/lib/reviews/trigger-labels';

const section = (title: string, ...blocks: string[]) => [`## ${title}`, ...blocks.filter(Boolean)].join('\n\n');
const NOT_IN_SNAPSHOT = 'Live records are not part of a signed snapshot; the current card shows them as they stand.';
const today = (of: OversightOf) => of.oversight?.asOf.slice(0, 10) ?? null;

export function monitoringSection(of: OversightOf): string {
  if (!of.oversight) return section(CARD_SECTIONS.monitoring, NOT_IN_SNAPSHOT);
  const series = of.oversight.monitoring;
  const texts = oversightScopeTexts(of);
  if (!series.length) return section(CARD_SECTIONS.monitoring, texts.noMonitoring);
  return section(CARD_SECTIONS.monitoring, `The latest window of each monitored metric, judged against the policy’s monitoring rules. ${texts.live}`,
    mdTable(['Metric', 'Latest value', 'Reported by the pipeline', 'Rule', 'Verdict', 'Window', 'Windows'], series.map((s) => [
      mdCell(seriesLabel(s, of)), mdCell(seriesValueText(s)), mdCell(seriesReportedText(s)), mdCell(ruleText(s.rules)), s.breach ? `**${breachText(s)}**` : breachText(s), windowText(s), String(s.points),
    ])));
}

const findingRow = (f: CardFinding, day: string | null) => [
  mdCell(f.ref), humanize(f.severity), humanize(f.status), mdCell(f.title), mdCell(f.subject.label), mdCell(f.owner), mdCell(dueText(f, day)),
];
const FINDING_HEADERS = ['Ref', 'Severity', 'Status', 'Title', 'Subject', 'Owner', 'Due'];

export function findingsSection(of: OversightOf): string {
  const day = today(of);
  if (!of.oversight) {
    return section(CARD_SECTIONS.findings, 'Active and accepted findings on this version and its training data, as frozen in the snapshot.',
      of.frozen.length ? mdTable(FINDING_HEADERS, of.frozen.map((f) => findingRow(f, day))) : 'None were recorded when the snapshot was frozen.');
  }
  const { active, accepted, recentlyClosed } = of.oversight.findings;
  const texts = findingGroupTexts(of.oversight.findings, of.oversight.recentDays);
  const withCount = (f: OversightFinding) => [...findingRow(f, day), String(f.occurrences)];
  const closed = recentlyClosed.map((f) => [
    mdCell(f.ref), humanize(f.severity), mdCell(f.title), mdCell(f.closure && utc(f.closure.closedAt)), mdCell(f.closure?.closedBy), mdCell(f.closure?.evidence),
    mdCell(f.closure?.meaning ? closureStatement(f.closure.meaning, f.closure.role) : 'Not signed'),
  ]);
  const scope = oversightScopeTexts(of);
  return section(CARD_SECTIONS.findings, `${scope.findingsLead} ${scope.live}`,
    `### ${texts.active.title}`, active.length ? mdTable([...FINDING_HEADERS, 'Occurrences'], active.map(withCount)) : texts.active.empty,
    `### ${texts.accepted.title}`, accepted.length ? mdTable([...FINDING_HEADERS, 'Occurrences'], accepted.map(withCount)) : texts.accepted.empty,
    `### ${texts.closed.title}`,
    closed.length ? mdTable(['Ref', 'Severity', 'Title', 'Closed', 'Closed by', 'Closure evidence', 'Signature'], closed) : texts.closed.empty);
}

export function waiversSection(of: OversightOf): string {
  const now = of.oversight ? new Date(of.oversight.asOf) : null;
  const waivers = cardWaivers(of.oversight, of.frozen);
  const intro = of.oversight ? `Signed policy exceptions: each re-opens its finding when it expires. ${oversightScopeTexts(of).live}` : 'Waivers in force when the snapshot was frozen.';
  return section(CARD_SECTIONS.waivers, intro, waivers.length
    ? mdTable(['Finding', 'Justification', 'Compensating controls', 'State', 'Signed by', 'Signed (UTC)'], waivers.map((w) => [
        mdCell(`${w.findingRef} ${w.findingTitle}`), mdCell(w.justification), mdCell(w.compensatingControls), mdCell(waiverStateText(w, now)), mdCell(`${w.signedBy} (${humanize(w.role)})`), utc(w.signedAt),
      ]))
    : 'No risk is accepted.');
}

export function reviewSection(of: OversightOf): string {
  if (!of.oversight) return section(CARD_SECTIONS.review, NOT_IN_SNAPSHOT);
  const { review } = of.oversight;
  const last = review.last;
  return section(CARD_SECTIONS.review, mdFacts([
    ['Review', mdCell(reviewStateText(review))],
    ['Last signed review', last ? mdCell(`${humanize(last.kind)}: ${reviewOutcomeText(last)}`) : 'None yet'],
    ...(last ? ([['Signed by', mdCell(`${last.signedBy} (${humanize(last.role)}), ${utc(last.signedAt)}`)], ['Snapshot reviewed', mdCode(last.snapshotSha256)]] as [string, string][]) : []),
  ]), review.dueNow.length
    ? `Due now because:\n\n${review.dueNow.map((t) => `- ${reviewTriggerLabel(t.reason)} (${formatDate(t.since)}): ${mdInline(t.detail)}`).join('\n')}`
    : 'Nothing has made a review due before its date.');
}

export function incidentsSection(of: OversightOf): string {
  if (!of.oversight) return section(CARD_SECTIONS.incidents, NOT_IN_SNAPSHOT);
  const incidents = of.oversight.incidents;
  return section(CARD_SECTIONS.incidents, `Serious incidents (EU AI Act Art. 73) affecting the system, with their reporting deadline. ${oversightScopeTexts(of).live}`, incidents.length
    ? mdTable(['Ref', 'Title', 'Severity', 'Aware (UTC)', 'Clock', 'Reporting', 'Status', 'Timeline'], incidents.map((i) => [
        mdCell(i.ref), mdCell(i.title), humanize(i.severity), utc(i.awareAt), mdCell(incidentRuleText(i)), mdCell(i.reportingStatus), humanize(i.status),
        i.actions.length ? i.actions.map((a) => mdInline(`${formatDate(a.at)} ${a.text}`)).join('; ') : '—',
      ]))
    : 'No serious incident is open or was closed recently.');
}

/** The five oversight sections in card order. */
export const oversightSections = (of: OversightOf) => [monitoringSection(of), findingsSection(of), waiversSection(of), reviewSection(of), incidentsSection(of)];
