import { COMPARATOR_SYMBOLS, comparableValue, metricPassed, reportedValue } from '@/lib/evidence/metric';
import { formatDate } from '@/lib/format/date-time';
import { formatMetricValue } from '@/lib/format/metric-value';
import { firstWords } from '@/lib/words';
import type { GateEvidence } from './evaluate-gate';

type Metric = GateEvidence['metrics'][number];

/** How the detail of an evidence requirement begins when a stated threshold failed (the way forward keys on it). */
export const FAILED_THRESHOLD = 'Failed threshold:';

/** Failures named in a detail; the rest are counted, so a version with thousands of them gets a readable line. */
const NAMED = 3;

/**
 * What a later value answers: the same metric, measured in the same environment on the same data (the dataset version
 * the record names, or the dataset of the model-index result it came from). A value on another dataset answers nothing.
 */
const seriesOf = (record: GateEvidence, name: string) => `${name}\u0000${record.environment}\u0000${record.datasetKey ?? ''}`;

const stated = (m: Metric) => (m.threshold != null && m.comparator ? ` (stated ${COMPARATOR_SYMBOLS[m.comparator]} ${formatMetricValue(m.threshold, m.unit)})` : '');

/** Whether `later` meets the threshold `failed` stated; values in different units compare on the policy scale, or not at all. */
function meetsStated(later: Metric, failed: Metric): boolean {
  if (failed.threshold == null || !failed.comparator) return later.passed === true;
  const sameUnit = (later.unit ?? '') === (failed.unit ?? '');
  const [value, threshold] = sameUnit ? [later.value, failed.threshold] : [comparableValue(later), comparableValue({ value: failed.threshold, unit: failed.unit })];
  return value !== null && threshold !== null && metricPassed(value, threshold, failed.comparator) === true;
}

/** A failure no later value answered, and the latest value that fell short of it (none: nothing later reports the metric). */
export type Unanswered = { record: GateEvidence; metric: Metric; latest: { record: GateEvidence; value: Metric } | null };

/**
 * A stated threshold that failed on these bytes stays failed until the metric's latest value in the same series (a later
 * record of the kind, same environment and data) meets it, every value of that name in the record: a record sent again
 * without the threshold, with a looser one, without the metric or on other data answers nothing. A superseded record's
 * failures still count; only a retraction withdraws them (the gate then says so, with its reason). `ofKind`: the
 * kind's records on these bytes in receipt order. Linear in the metrics: one pass for the latest value of each series,
 * one for the failures; words are made only for the few a detail names.
 */
export function unansweredFailures(ofKind: GateEvidence[]): Unanswered[] {
  const latestOf = new Map<string, { index: number; record: GateEvidence; values: Metric[] }>();
  const failures = new Map<string, { index: number; record: GateEvidence; metric: Metric }>(); // the latest failure of each stated threshold
  ofKind.forEach((record, index) => {
    if (record.status === 'active' && !record.otherVersion) {
      for (const metric of record.metrics) {
        const key = seriesOf(record, metric.name);
        const known = latestOf.get(key);
        if (known?.index === index) known.values.push(metric);
        else latestOf.set(key, { index, record, values: [metric] });
      }
    }
    if (record.status === 'retracted') return;
    for (const metric of record.metrics) {
      if (metric.passed === false) failures.set(`${seriesOf(record, metric.name)}\u0000${metric.comparator}\u0000${metric.threshold}\u0000${metric.unit ?? ''}`, { index, record, metric });
    }
  });
  const unanswered: Unanswered[] = [];
  for (const { index, record, metric } of failures.values()) {
    const latest = latestOf.get(seriesOf(record, metric.name));
    if (!latest || latest.index <= index) {
      unanswered.push({ record, metric, latest: null });
      continue;
    }
    const short = latest.values.find((value) => !meetsStated(value, metric));
    if (short) unanswered.push({ record, metric, latest: { record: latest.record, value: short } });
  }
  return unanswered;
}

/** One failure in words: its value and what was stated, and when it came earlier, how it stands now. */
function failureText({ record, metric, latest }: Unanswered, latestId: string): string {
  const failedText = `${metric.name} ${reportedValue(metric)}${stated(metric)}${record.otherVersion ? ` in ${record.otherVersion}, the same bytes,` : ''}`;
  if (latest) return `${failedText} on ${formatDate(record.receivedAt)}, and the latest, ${reportedValue(latest.value)} on ${formatDate(latest.record.receivedAt)}, does not meet it`;
  return record.id === latestId ? failedText : `${failedText} on ${formatDate(record.receivedAt)}, and no later record reports ${metric.name}`;
}

/** The detail of unanswered failures: the first few named, the rest counted. `latestId`: the record that counts now. */
export const failuresDetail = (unanswered: Unanswered[], latestId: string) =>
  `${FAILED_THRESHOLD} ${unanswered.slice(0, NAMED).map((u) => failureText(u, latestId)).join('; ')}${unanswered.length > NAMED ? `; and ${unanswered.length - NAMED} more` : ''}.`;

/** The records a detail names, for reviewers to open: the one that counts now, then those of the named failures. */
export const failureRecords = (unanswered: Unanswered[], found: GateEvidence) =>
  [...new Map([found, ...unanswered.slice(0, NAMED).flatMap((u) => [u.record, ...(u.latest ? [u.latest.record] : [])])].filter((e) => !e.otherVersion).map((e) => [e.id, e])).values()];

/** When a failed record was retracted, the met requirement says so with the reason: a signer sees what was withdrawn. */
export function retractedFailureNote(ofKind: GateEvidence[]): string {
  const retracted = ofKind.filter((e) => e.status === 'retracted' && e.metrics.some((m) => m.passed === false)).at(-1);
  if (!retracted) return '';
  const metric = retracted.metrics.find((m) => m.passed === false)!;
  const when = retracted.statusChangedAt ? ` on ${formatDate(retracted.statusChangedAt)}` : '';
  return ` A record that failed (${metric.name} ${reportedValue(metric)}${stated(metric)}) was retracted${when}${retracted.statusReason ? `: “${firstWords(retracted.statusReason, 160)}”` : ''}.`;
}
