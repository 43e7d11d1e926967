import 'server-only';
import { SEVERITIES } from '@/db/schema';
import type { Tx } from '@/db';
import type { AuditActor } from '@/lib/auth/actor';
import { COMPARATOR_SYMBOLS } from '@/lib/evidence/metric';
import { findingRef, raiseFindingInTx, type RaiseFindingInput } from '@/lib/findings/raise-finding';
import { FINDING_TEXT_CHARS, FINDING_TITLE_CHARS } from '@/lib/findings/schemas';
import { formatDateTime } from '@/lib/format/date-time';
import { formatMetricValue } from '@/lib/format/metric-value';
import type { Breach } from './judge-points';
import { mapInOrder } from '@/lib/map-in-order';
import { clipped } from '@/lib/http/well-formed';

type Input = { modelVersionId: string; window: { start: string; end: string }; producer: string; batchId: string; breaches: Breach[] };

/** A batch raises at most this many findings of its own; further breaches share one, so a batch never stalls the server. */
export const MAX_BREACH_FINDINGS = 100;

/** The identity of a recurring breach: one finding per version, metric and feature, however often it repeats. */
export const breachDedupeKey = (modelVersionId: string, metric: string, feature: string | null) => `monitoring:${modelVersionId}:${metric}:${feature ?? ''}`;

const series = (b: Breach) => `${b.metric}${b.feature ? ` of ${b.feature}` : ''}`;
const windowText = (input: Input) => `${formatDateTime(input.window.start)} to ${formatDateTime(input.window.end)}`;
const condition = (b: Breach) => `${b.rule.metric} ${COMPARATOR_SYMBOLS[b.rule.comparator]} ${b.rule.threshold}`;

function describe(b: Breach, input: Input) {
  const figure = `${formatMetricValue(b.value)} (${b.valueSource === 'computed' ? 'computed by Provenant from the histograms' : 'as reported'})`;
  const producer = input.producer ? ` from ${input.producer}` : '';
  const contradiction = b.contradictsProducer ? ' The producer reported no drift; the server-computed figure breaches.' : '';
  return {
    // A feature name may take 200 characters and a metric 100: the title keeps to a finding's 200.
    title: clipped(`Monitoring breach: ${series(b)} ${COMPARATOR_SYMBOLS[b.rule.comparator]} ${b.rule.threshold}`, FINDING_TITLE_CHARS),
    description: `${series(b)} was ${figure} for the window ${windowText(input)}${producer} (batch ${input.batchId}); the rule ${condition(b)} is ${b.rule.severity}.${contradiction}`,
  };
}

/** The breaches past the limit, as one finding that lists them (dedupe key with `*` for the metric). */
function overflowFinding(rest: Breach[], input: Input): Omit<RaiseFindingInput, 'type' | 'subjectType' | 'subjectId' | 'source'> {
  const listed = rest.slice(0, 100).map((b) => `${series(b)} = ${formatMetricValue(b.value)} (${condition(b)}, ${b.rule.severity})`);
  return {
    severity: rest[0]!.rule.severity,
    title: `Monitoring breach: ${rest.length} more series in one batch`,
    // Up to 100 series of 300 characters each: the list is cut to a finding's description, the count kept whole.
    description: `Batch ${input.batchId} (window ${windowText(input)}) breached more than ${MAX_BREACH_FINDINGS} series; ${rest.length} share this finding: ${clipped(listed.join('; '), FINDING_TEXT_CHARS - 300)}.`,
    dedupeKey: `monitoring:${input.modelVersionId}:*:`,
  };
}

/** Raises (or counts again) the finding of each breach, severest first, in the caller's transaction. */
export async function raiseBreachFindings(tx: Tx, actor: AuditActor, input: Input, now: Date) {
  const ordered = [...input.breaches].sort((a, b) => SEVERITIES.indexOf(a.rule.severity) - SEVERITIES.indexOf(b.rule.severity));
  const own = ordered.slice(0, MAX_BREACH_FINDINGS);
  const rest = ordered.slice(MAX_BREACH_FINDINGS);
  const raise = async (fields: Omit<RaiseFindingInput, 'type' | 'subjectType' | 'subjectId' | 'source'>) =>
    await raiseFindingInTx(tx, actor, { type: 'monitoring_breach', subjectType: 'model_version', subjectId: input.modelVersionId, source: 'monitoring', ...fields }, now);
  const results = await mapInOrder(own, async (b) => ({ b, raised: await raise({ severity: b.rule.severity, ...describe(b, input), dedupeKey: breachDedupeKey(input.modelVersionId, b.metric, b.feature) }) }));
  if (rest.length) {
    const shared = await raise(overflowFinding(rest, input));
    results.push(...rest.map((b) => ({ b, raised: shared })));
  }
  return results.map(({ b, raised: { finding, created } }) => ({
    metric: b.metric,
    feature: b.feature,
    value: b.value,
    valueSource: b.valueSource,
    reportedValue: b.reportedValue,
    contradictsProducer: b.contradictsProducer,
    comparator: b.rule.comparator,
    threshold: b.rule.threshold,
    severity: b.rule.severity,
    findingId: finding.id,
    findingNumber: finding.number,
    findingRef: findingRef(finding.number),
    outcome: created ? ('created' as const) : ('recurred' as const),
    occurrences: finding.occurrences,
  }));
}
