import { thresholdText } from '@/lib/evidence/metric';
import { formatDate, formatDateTime } from '@/lib/format/date-time';
import { formatMetricValue } from '@/lib/format/metric-value';
import { REPORTING_CLOCKS } from '@/lib/incidents/deadline';
import { humanize, plural } from '@/lib/words';
import type { CardFinding } from './card-schema';
import type { CardView } from './load-card';
import type { CardOversight, MonitoringSeries, OversightIncident, OversightReview, OversightWaiver } from './oversight-schema';

/**
 * What the oversight sections of an exported card read: the live records (null on a signed snapshot), the findings the
 * snapshot froze, and whose card it is: a version's (part of its digest) or a system's (every version, no digest).
 */
export type OversightOf = { oversight: CardOversight | null; frozen: CardFinding[]; card: 'version' | 'system' };

export const versionOversight = (view: CardView): OversightOf => ({ oversight: view.oversight, frozen: view.content.findings ?? [], card: 'version' });

/** What a version card's live findings list covers, and how it relates to the findings its digest holds. */
export const VERSION_FINDINGS_LEAD =
  'Findings on the system, this version and its training data, as they stand now. The card digest holds the active and accepted findings of the version and its data as they were when the card was built, without their occurrences.';

/** The words that differ between a version's card and a system's, for the PDF and the Markdown alike. */
export function oversightScopeTexts(of: OversightOf) {
  const asOf = of.oversight ? formatDateTime(of.oversight.asOf, { seconds: true }) : '';
  if (of.card === 'system') {
    return {
      live: `As it stands at ${asOf}.`,
      noMonitoring: 'No monitoring result has been posted for a version of this system in staging or production.',
      findingsLead: 'Findings on the system and on every version of its models.',
    };
  }
  return {
    live: `As it stands at ${asOf}; this live view is not covered by the card digest.`,
    noMonitoring: 'No monitoring result has been posted for this version.',
    findingsLead: VERSION_FINDINGS_LEAD,
  };
}

/**
 * The oversight sections' facts as words, shared by the card page, its PDF and its Markdown so the three say the same
 * thing in the same way.
 */
const num = (value: number | null) => (value === null ? '—' : formatMetricValue(value));

/** "psi on amount" / "auc". */
export const seriesName = (s: MonitoringSeries) => (s.feature ? `${s.metric} on ${s.feature === '__prediction__' ? 'predictions' : s.feature}` : s.metric);

/** A monitored series as a card names it: on a system's card, with the version it watches (after `separator`). */
export const seriesLabel = (s: MonitoringSeries, of: Pick<OversightOf, 'card'>, separator = ' ') =>
  (of.card === 'system' ? `${seriesName(s)}${separator}(${s.version})` : seriesName(s));

/** The judged value and where it comes from, with the other statistic the server computed: "0.31 computed from histograms (JS 0.12)". */
export function seriesValueText(s: MonitoringSeries): string {
  if (s.valueSource !== 'computed') return `${num(s.value)} reported`;
  const other = s.metric === 'psi' ? `JS ${num(s.computedJs)}` : s.metric === 'js_distance' ? `PSI ${num(s.computedPsi)}` : `PSI ${num(s.computedPsi)}, JS ${num(s.computedJs)}`;
  return `${num(s.value)} computed from histograms (${other})`;
}

/** The caller's own figure beside the server's, so a self-declared "no drift" can be checked. */
export const seriesReportedText = (s: MonitoringSeries) => (s.valueSource === 'computed' ? (s.reportedValue === null ? 'none' : num(s.reportedValue)) : 'the same');

/** "breach when ≥ 0.1 (medium) or ≥ 0.25 (high), over 7 days". */
export function ruleText(rules: MonitoringSeries['rules']): string {
  if (!rules.length) return 'No rule in the policy';
  return `breach when ${rules.map((r) => `${thresholdText(r.threshold, r.comparator)} (${r.severity})`).join(' or ')}, over ${plural(Math.max(...rules.map((r) => r.windowDays)), 'day')}`;
}

export function breachText(s: MonitoringSeries): string {
  if (s.breach === null) return 'Not judged';
  if (!s.breach) return 'Within the rules';
  return `${humanize(s.breachSeverity ?? 'high')} breach${s.contradictsProducer ? ' (the pipeline reported no drift)' : ''}`;
}

export const windowText = (s: MonitoringSeries) => `${formatDate(s.windowStart)} to ${formatDate(s.windowEnd)}`;

/** "2026-12-20", or "Overdue since 2026-11-30" for a finding that still needs work (never said on a snapshot, which has no today). */
export function dueText(finding: Pick<CardFinding, 'dueDate' | 'status'>, today: string | null): string {
  if (!today || finding.status === 'closed' || finding.status === 'invalid' || finding.status === 'accepted') return formatDate(finding.dueDate);
  return finding.dueDate < today ? `Overdue since ${formatDate(finding.dueDate)}` : formatDate(finding.dueDate);
}

/** "In force, expires 2026-12-06 (in 4 days)", "Expired 2026-11-02", "Ended …"; without a now (a snapshot), "Expires 2026-12-06". */
export function waiverStateText(w: Pick<OversightWaiver, 'expiresAt' | 'endedAt' | 'endedReason'>, now: Date | null): string {
  if (!now) return `Expires ${formatDate(w.expiresAt)}`;
  if (w.endedReason === 'finding_closed') return `Ended ${formatDate(w.endedAt)}: the finding was closed`;
  if (w.endedReason === 'exceeded') return `Ended ${formatDate(w.endedAt)}: a worse repeat exceeded it; the finding re-opened`;
  if (w.endedAt) return `Expired ${formatDate(w.expiresAt)}; the finding re-opened`;
  const days = Math.ceil((Date.parse(w.expiresAt) - now.getTime()) / 86_400_000);
  return days < 0 ? `Expired ${formatDate(w.expiresAt)} (re-opens at the next sweep)` : `In force, expires ${formatDate(w.expiresAt)} (${days === 0 ? 'today' : `in ${plural(days, 'day')}`})`;
}

/** "Overdue: was due by 2026-11-27" (its date, or a trigger's day) or "Next review 2026-12-14". */
export function reviewStateText(review: OversightReview): string {
  const dueBy = review.dueBy ?? review.nextReviewDate;
  if (review.overdue && dueBy) return `Overdue: was due by ${formatDate(dueBy)}`;
  if (!review.nextReviewDate) return 'No review date set';
  return `Next review ${formatDate(review.nextReviewDate)}`;
}

export const reviewOutcomeText = (last: NonNullable<OversightReview['last']>) =>
  `${humanize(last.outcome)}${last.conditions ? `: ${last.conditions}` : ''}`;

/** "Art. 73(2): 15 days from awareness". */
export function incidentRuleText(i: Pick<OversightIncident, 'category'>): string {
  const clock = REPORTING_CLOCKS[i.category];
  return `${clock.paragraph}: ${plural(clock.days, 'day')} from awareness`;
}

/** The waivers a card shows: live ones on a current card, those frozen with their findings on a snapshot card. */
export function cardWaivers(oversight: CardOversight | null, frozen: CardFinding[] = []): OversightWaiver[] {
  if (oversight) return oversight.waivers;
  return frozen.flatMap((f) =>
    f.waiver ? [{ ...f.waiver, findingId: f.id, findingRef: f.ref, findingTitle: f.title, meaning: '', endedAt: null, endedReason: null }] : [],
  );
}

/**
 * The findings section's three groups, titled and with what each says when empty. Accepted findings are risks taken
 * on under a waiver, whose terms the "Accepted risks (waivers)" section gives.
 */
export function findingGroupTexts(findings: CardOversight['findings'], recentDays: number) {
  // "106; the 100 most severe shown": a bounded list says so, and the findings page has the rest.
  const counted = (group: 'active' | 'accepted' | 'recentlyClosed', shown: string) => {
    const total = findings.totals?.[group] ?? findings[group].length;
    return total > findings[group].length ? `${total}; the ${findings[group].length} ${shown} shown` : String(total);
  };
  return {
    active: { title: `Active (${counted('active', 'most severe')})`, empty: 'No active finding.' },
    accepted: { title: `Accepted under a waiver (${counted('accepted', 'soonest due')})`, empty: 'No accepted finding.' },
    closed: { title: `Closed in the last ${recentDays} days (${counted('recentlyClosed', 'latest')})`, empty: 'No finding was closed in that time.' },
  };
}
