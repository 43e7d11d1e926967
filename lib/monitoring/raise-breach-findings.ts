import 'server-only';
import type { Tx } from '@/db';
import type { AuditActor } from '@/lib/auth/actor';
import { COMPARATOR_SYMBOLS } from '@/lib/evidence/metric';
import { findingRef, raiseFindingInTx } from '@/lib/findings/raise-finding';
import { formatMetricValue } from '@/lib/format/metric-value';
import type { Breach } from './judge-points';

type Input = { modelVersionId: string; window: { start: string; end: string }; producer: string; batchId: string; breaches: Breach[] };

/** The identity of a recurring breach: one finding per version, metric and feature, however often it repeats. */
export const breachDedupeKey = (modelVersionId: string, metric: string, feature: string | null) => `monitoring:${modelVersionId}:${metric}:${feature ?? ''}`;

function describe(b: Breach, input: Input) {
  const what = `${b.metric}${b.feature ? ` of ${b.feature}` : ''}`;
  const figure = `${formatMetricValue(b.value)} (${b.valueSource === 'computed' ? 'computed by Provenant from the histograms' : 'as reported'})`;
  const producer = input.producer ? ` from ${input.producer}` : '';
  const contradiction = b.contradictsProducer ? ' The producer reported no drift; the server-computed figure breaches.' : '';
  return {
    title: `Monitoring breach: ${what} ${COMPARATOR_SYMBOLS[b.rule.comparator]} ${b.rule.threshold}`,
    description: `${what} was ${figure} for the window ${input.window.start} to ${input.window.end}${producer} (batch ${input.batchId}); the rule ${b.rule.metric} ${COMPARATOR_SYMBOLS[b.rule.comparator]} ${b.rule.threshold} is ${b.rule.severity}.${contradiction}`,
  };
}

/** Raises (or counts again) the finding of each breach, in the caller's transaction. */
export function raiseBreachFindings(tx: Tx, actor: AuditActor, input: Input, now: Date) {
  return input.breaches.map((b) => {
    const { finding, created } = raiseFindingInTx(
      tx,
      actor,
      { type: 'monitoring_breach', severity: b.rule.severity, ...describe(b, input), subjectType: 'model_version', subjectId: input.modelVersionId, source: 'monitoring', dedupeKey: breachDedupeKey(input.modelVersionId, b.metric, b.feature) },
      now,
    );
    return {
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
    };
  });
}
