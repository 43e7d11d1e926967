import { formatMetricValue } from '@/lib/format/metric-value';
import { REPORTING_CLOCKS } from '@/lib/incidents/deadline';
import { heading, paragraph, table, type FlowBlock } from '@/lib/pdf/flow';
import { theme } from '@/lib/pdf/theme';
import { plural } from '@/lib/words';
import type { PackData } from '../collect-pack-data';
import { describePeriod } from '../pack-period';
import { packLimits } from '../pack-limits';
import { label, personLabel, utc } from './format';

type Oversight = PackData['oversight'];
const num = (value: number | null) => (value === null ? '—' : formatMetricValue(value));

/** Names for the subjects a finding may be about: systems, versions and dataset versions in the pack. */
function subjectNamer(data: PackData) {
  const names = new Map<string, string>([
    ...data.systems.map((s) => [s.id, s.name] as const),
    ...data.versions.map((v) => [v.id, `${v.modelName} ${v.version}`] as const),
    ...data.lineage.datasetVersions.map((d) => [d.id, `${d.namespace}/${d.name} ${d.version}`] as const),
  ]);
  return (id: string | null) => (id ? (names.get(id) ?? id) : '—');
}

/**
 * "12 rows", or "the first 300 of 6,120 rows (records/findings.json in the ZIP holds 5,000)" when the PDF or the ZIP
 * holds fewer than there were: a cut list never reads as the whole.
 */
function shown(total: number, held: number, rows: number, file: string, noun = 'row') {
  const printed = Math.min(held, rows);
  return printed < total ? `the first ${printed.toLocaleString('en')} of ${plural(total, noun)} (${file} in the ZIP holds ${held.toLocaleString('en')})` : plural(total, noun);
}

function monitoringBlocks(data: PackData, name: (id: string) => string, rows: number): FlowBlock[] {
  const { items: series, total } = data.oversight.monitoring;
  if (!total) return [heading(2, 'Monitoring summary'), paragraph('No monitoring result for a version in scope ended in the period.', true)];
  return [
    heading(2, 'Monitoring summary'),
    paragraph(`Each monitored series of the versions in scope over the windows that ended in the period: ${shown(total, series.length, rows, 'records/monitoring-summary.json')}. Values are the judged figures: the server's own where histograms were sent, which it counts under Windows, and from which it also computes the statistics a series was not sent as (named "from" the metric that carried them). Breaches are the monitoring findings below.`),
    table('Monitoring summary', [
      // Values get room for six significant digits after "0.000" (0.000211476) on one line; "to" may wrap, a number never.
      { title: 'Version', weight: 1.6, cell: (s: Oversight['monitoring']['items'][number]) => name(s.modelVersionId) },
      { title: 'Metric', weight: 1.5, cell: (s) => `${s.feature ? `${s.metric} on ${s.feature}` : s.metric}${s.derivedFrom ? `\nfrom ${s.derivedFrom} histograms` : ''}` },
      { title: 'Windows', weight: 0.9, align: 'right', cell: (s) => `${s.windows}${s.computed ? `\n${s.computed === s.windows ? 'all' : s.computed} by the server` : ''}` },
      { title: 'Window ends (UTC)', weight: 1.4, kind: 'mono', cell: (s) => `${utc(s.firstWindowEnd).slice(0, 10)}\nto ${utc(s.lastWindowEnd).slice(0, 10)}` },
      { title: 'Lowest to highest', weight: 1.6, cell: (s) => `${num(s.min)}\nto ${num(s.max)}` },
      { title: 'Last', weight: 1.2, align: 'right', cell: (s) => num(s.last) },
    ], series.slice(0, rows)),
  ];
}

function findingBlocks(data: PackData, person: (id: string | null) => string, rows: number): FlowBlock[] {
  const { items, total } = data.oversight.findings;
  const blocks: FlowBlock[] = [heading(2, 'Findings open in the period')];
  if (!total) return [...blocks, paragraph('No finding in scope was open at any time in the period.', true)];
  blocks.push(
    paragraph(`Every finding open at any time in the period: raised before it and still open then, raised in it, or closed in it; status as at generation. ${shown(total, items.length, rows, 'records/findings.json and records/findings.csv')}. A high or critical finding is closed only with closure evidence and the re-authenticated signature of a risk officer who does not own it.`),
    // Owner wide enough for "due 2026-12-13" on one line; a long subject parts at its hyphens (lib/pdf/measure.ts).
    table('Findings open in the period', [
      { title: 'Finding', weight: 2.1, cell: (f: Oversight['findings']['items'][number]) => `${f.ref} ${f.title}\n${label(f.type)}` },
      { title: 'Severity, status', weight: 1.3, cell: (f) => `${label(f.severity)}\n${label(f.status)}`, color: (f) => (f.severity === 'critical' || f.severity === 'high' ? theme.color.bad : undefined) },
      { title: 'Subject', weight: 1.7, cell: (f) => f.subject },
      { title: 'Owner, due', weight: 1.7, cell: (f) => `${f.owner}\ndue ${f.dueDate}` },
      { title: 'Raised (UTC)', weight: 1.3, kind: 'mono', cell: (f) => utc(f.createdAt) },
      { title: 'Closure', weight: 2.4, cell: (f) => (f.closedAt ? `${utc(f.closedAt)} UTC by ${f.closedBy ?? person(f.closedById)}\n${f.closureEvidence ?? ''}${f.closureMeaning ? `\nSigned as ${label(f.closureRole)}: ${f.closureMeaning}` : ''}` : 'Not closed') },
    ], items.slice(0, rows)),
  );
  return blocks;
}

function waiverBlocks(data: PackData, rows: number): FlowBlock[] {
  const { items: waivers, total } = data.oversight.waivers;
  if (!total) return [heading(2, 'Accepted risks (waivers)'), paragraph('No waiver in scope was in force at any time in the period.', true)];
  return [
    heading(2, 'Accepted risks (waivers)'),
    paragraph(`Signed policy exceptions in force at any time in the period: ${shown(total, waivers.length, rows, 'records/waivers.json')}. A waiver re-opens its finding when it expires.`),
    table('Accepted risks (waivers)', [
      { title: 'Finding', weight: 1.7, cell: (w: Oversight['waivers']['items'][number]) => `${w.findingRef} ${w.findingTitle}` },
      { title: 'Justification', weight: 2, cell: (w) => w.justification },
      { title: 'Compensating controls', weight: 2, cell: (w) => w.compensatingControls },
      { title: 'Signed', weight: 2, cell: (w) => `${w.printedName} (${label(w.role)})\n${utc(w.signedAt)} UTC\n${w.meaning}` },
      { title: 'Expiry', weight: 1.3, cell: (w) => `${utc(w.expiresAt).slice(0, 10)}${w.endedAt ? `\nended ${utc(w.endedAt).slice(0, 10)} (${label(w.endedReason)})` : ''}` },
    ], waivers.slice(0, rows)),
  ];
}

function reviewBlocks(data: PackData, name: (id: string | null) => string, rows: number): FlowBlock[] {
  const { items: reviews, total } = data.oversight.reviews;
  if (!total) return [heading(2, 'Periodic reviews signed'), paragraph('No review of a system in scope was signed in the period.', true)];
  return [
    heading(2, 'Periodic reviews signed'),
    paragraph(`Each review is a re-authenticated signature over a frozen snapshot of the system's card, findings and monitoring; the snapshot's exact bytes are in records/snapshots/<sha256>.json. Signed in the period: ${shown(total, reviews.length, rows, 'records/reviews.json', 'review')}.`),
    table('Periodic reviews signed', [
      { title: 'System', weight: 1.5, cell: (r: Oversight['reviews']['items'][number]) => `${name(r.systemId)}\n${label(r.kind)}` },
      { title: 'Outcome', weight: 2.2, cell: (r) => `${label(r.outcome)}${r.conditions ? `: ${r.conditions}` : ''}` },
      { title: 'Signed', weight: 1.9, cell: (r) => `${r.printedName} (${label(r.role)})\n${utc(r.signedAt)} UTC` },
      { title: 'Next review', weight: 1, kind: 'mono', cell: (r) => r.nextReviewDate },
      { title: 'Snapshot SHA-256', weight: 2.4, kind: 'digest', cell: (r) => r.snapshotSha256 },
    ], reviews.slice(0, rows)),
  ];
}

function incidentBlocks(data: PackData, name: (id: string | null) => string, person: (id: string | null) => string, rows: number): FlowBlock[] {
  const { items: incidents, total } = data.oversight.incidents;
  if (!total) return [heading(2, 'Incidents'), paragraph('No incident affecting a system in scope was recorded, acted on or reported in the period.', true)];
  return [
    heading(2, 'Incidents'),
    paragraph(`Incidents recorded, acted on or reported in the period, with their timelines: ${shown(total, incidents.length, rows, 'records/incidents.json', 'incident')}. Serious incidents carry their EU AI Act Art. 73 reporting deadline.`),
    table('Incidents', [
      { title: 'Incident', weight: 2, cell: (i: Oversight['incidents']['items'][number]) => `${i.ref} ${i.title}\n${i.systemIds.map(name).join(', ')}` },
      { title: 'Severity', weight: 1.3, cell: (i) => `${label(i.severity)}\n${i.serious ? `serious, ${REPORTING_CLOCKS[i.category].paragraph}` : 'not serious'}` },
      { title: 'Reporting', weight: 1.8, cell: (i) => (i.reportDeadline ? `due ${utc(i.reportDeadline)} UTC\n${i.reportedAt ? `reported ${utc(i.reportedAt)} UTC${i.authorityReference ? `, ref ${i.authorityReference}` : ''}` : 'not reported'}` : 'nothing to report') },
      { title: 'Timeline (UTC)', weight: 3.8, cell: (i) => [`${utc(i.awareAt)} aware (${label(i.status)} now)`, ...i.actions.map((a) => `${utc(a.at)} ${person(a.actorId)}: ${a.text}`)].join('\n') },
    ], incidents.slice(0, rows)),
  ];
}

/** Section 3: monitoring, findings with their closure evidence and signatures, waivers, reviews and incidents of the period. */
export function oversightBlocks(data: PackData): FlowBlock[] {
  const rows = packLimits().pdfOversightRows;
  const name = subjectNamer(data);
  const person = personLabel(data.people);
  return [
    heading(1, '3. Continuous oversight', { anchor: 'oversight', toc: '3. Continuous oversight' }),
    paragraph(`What was watched, found, accepted, reviewed and reported in the period (${describePeriod(data.pack)}), for the systems and versions in scope.`),
    ...monitoringBlocks(data, name, rows),
    ...findingBlocks(data, person, rows),
    ...waiverBlocks(data, rows),
    ...reviewBlocks(data, name, rows),
    ...incidentBlocks(data, name, person, rows),
  ];
}
