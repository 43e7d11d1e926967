import type { Comparator, PolicyRules, RiskTier } from '@/db/schema';
import { COMPARATOR_SYMBOLS } from '@/lib/evidence/metric';
import { FINDING_DEADLINE_DEFAULTS, REVIEW_CADENCE_DEFAULTS, TRIGGERED_REVIEW_DAYS_DEFAULT } from '@/lib/findings/deadlines';
import { formatMetricValue } from '@/lib/format/metric-value';
import { humanize, plural } from '@/lib/words';

const kind = (value: string) => humanize(value).toLowerCase();

/** What the gate judges when the policy sets no threshold: the ones stated with the evidence (lib/promotion/evaluate-gate.ts). */
const NO_POLICY_THRESHOLDS = 'None set by the policy: only the thresholds stated with the evidence, by whoever recorded it, are judged. One that failed stays failed until a later value meets it.';

/** Every rule of a policy in words, as [rule, what it asks]: the read-only summary, and a proposed change beside the rules in force. */
export function policyFacts(riskTier: Exclude<RiskTier, 'prohibited'>, targetStage: string, rules: PolicyRules): [string, string][] {
  const deadlines = rules.findingDeadlineDays ?? FINDING_DEADLINE_DEFAULTS;
  return [
    ['Required evidence', rules.requiredEvidenceKinds.map(kind).join(', ') || 'None'],
    ['Metric thresholds', rules.metricThresholds.length ? rules.metricThresholds.map((t) => `${kind(t.kind)}: ${t.metric} ${COMPARATOR_SYMBOLS[t.comparator as Comparator] ?? t.comparator} ${formatMetricValue(t.threshold)}${t.computedOnly ? ' (computed by the server only)' : ''}`).join('\n') : NO_POLICY_THRESHOLDS],
    ['Evidence age', rules.maxEvidenceAgeDays ? `At most ${plural(rules.maxEvidenceAgeDays, 'day')} old` : 'Any age'],
    ['Signatures', rules.requiredApprovers.map((a) => `${a.count} ${kind(a.role)}${a.count > 1 ? 's' : ''}`).join(', ')],
    ['Model signature', rules.requiredSignerIdentities?.length ? `Signed by ${rules.requiredSignerIdentities.join(' or ')}` : 'Not required'],
    ['Artifact scan', rules.allowUnscanned ? 'Unscanned artifacts allowed (with a warning)' : 'Must be scanned clean'],
    ['Training data', rules.requireTrainingLineage ? 'A dataset version must be upstream in the lineage' : 'Not checked'],
    ['Documentation', rules.requireDocumentation ? 'Every part of the system’s documentation must be written' : 'Not checked'],
    ...(targetStage === 'production'
      ? ([
          ['Staging first', rules.minDaysInStaging === undefined ? 'Not required' : rules.minDaysInStaging === 0 ? 'Must come from staging' : `At least ${plural(rules.minDaysInStaging, 'day')} in staging`],
          ['Staging to production', rules.stagingProductionTolerance === null ? 'No tolerance check' : `Metrics within ${formatMetricValue(rules.stagingProductionTolerance)} of staging`],
          ['Expedited rollback', rules.allowExpeditedRollback ? 'Allowed' : 'Not allowed'],
          ['Monitoring rules', rules.monitoringRules?.length ? rules.monitoringRules.map((r) => `${r.metric}${r.feature ? ` on ${r.feature}` : ''} ${COMPARATOR_SYMBOLS[r.comparator]} ${formatMetricValue(r.threshold)}: ${r.severity} finding`).join('\n') : 'None'],
        ] as [string, string][])
      : []),
    ['Finding deadlines', `Critical ${plural(deadlines.critical, 'day')}, high ${deadlines.high}, medium ${deadlines.medium}, low ${deadlines.low}`],
    ['Periodic review', `Every ${plural(rules.reviewCadenceMonths ?? REVIEW_CADENCE_DEFAULTS[riskTier], 'month')}`],
    ['Triggered review', `Signed within ${plural(rules.triggeredReviewDays ?? TRIGGERED_REVIEW_DAYS_DEFAULT, 'day')} of its trigger`],
  ];
}
