import 'server-only';
import type { Actor } from '@/lib/auth/actor';
import { realNow, type Scene } from './demo-clock';
import { daysAgo, isStagingEvidence, promotionScenes, ranFrom, type Version } from './demo-promotions';

const DAY = 86_400_000;

/** Evidence for one credit scorecard version, run from `ageDays` ago: `shift` moves the numbers so versions differ a little. */
export function creditEvidence(shift: number, ageDays: number) {
  return ranFrom(ageDays, [
    { kind: 'performance', environment: 'staging', producer: 'mlflow-evaluate 2.14', summary: 'Out-of-time validation on the last two quarters of applications.', metrics: [{ name: 'auc', value: 0.801 + shift, threshold: 0.75, comparator: 'gte' }, { name: 'ks', value: 0.46 + shift, threshold: 0.35, comparator: 'gte' }] },
    { kind: 'performance', environment: 'production', producer: 'shadow-scoring job', summary: 'Shadow scoring on live applications since the version reached staging, decisions not applied.', metrics: [{ name: 'auc', value: 0.797 + shift, threshold: 0.75, comparator: 'gte' }, { name: 'ks', value: 0.452 + shift, threshold: 0.35, comparator: 'gte' }] },
    { kind: 'robustness', environment: 'staging', producer: 'perturbation suite 1.3', summary: 'Bureau fields perturbed by 5%; missing-value injection.', metrics: [{ name: 'auc_drop_under_noise', value: 0.018, threshold: 0.03, comparator: 'lte' }] },
    { kind: 'fairness', environment: 'staging', producer: 'fairlearn 0.12', summary: 'Approval parity by age band and sex.', metrics: [{ name: 'demographic_parity_ratio', value: 0.9 + shift, threshold: 0.8, comparator: 'gte' }, { name: 'equal_opportunity_difference', value: 0.031, threshold: 0.05, comparator: 'lte' }] },
    { kind: 'red_team', environment: 'staging', producer: 'Model validation team', summary: 'Adversarial applications and data-poisoning review.', metrics: [{ name: 'critical_findings', value: 0, threshold: 0, comparator: 'eq' }] },
  ]);
}

/** Evidence for a fraud detector version, run from `ageDays` ago: alert precision and recall on held-out months. */
export function fraudEvidence(shift: number, ageDays: number) {
  return ranFrom(ageDays, [
    { kind: 'performance', environment: 'staging', producer: 'evidently 0.7 (offline evaluation)', summary: 'Held-out authorisations, July to September 2025, with 90-day chargeback labels.', metrics: [{ name: 'precision_at_alert', value: 0.9 + shift, threshold: 0.85, comparator: 'gte' }, { name: 'recall_at_alert', value: 0.74 + shift, threshold: 0.7, comparator: 'gte' }] },
    { kind: 'performance', environment: 'production', producer: 'shadow-scoring job', summary: 'Scoring live authorisations beside the version in production since it reached staging, decisions not applied.', metrics: [{ name: 'precision_at_alert', value: 0.89 + shift, threshold: 0.85, comparator: 'gte' }, { name: 'recall_at_alert', value: 0.73 + shift, threshold: 0.7, comparator: 'gte' }] },
    { kind: 'robustness', environment: 'staging', producer: 'perturbation suite 1.3', summary: 'Amounts and merchant codes perturbed; bursts of replayed transactions.', metrics: [{ name: 'precision_drop_under_noise', value: 0.021, threshold: 0.03, comparator: 'lte' }] },
    { kind: 'fairness', environment: 'staging', producer: 'fairlearn 0.12', summary: 'Decline rates of legitimate payments by cardholder age band and region.', metrics: [{ name: 'false_decline_rate_ratio', value: 0.87, threshold: 0.8, comparator: 'gte' }] },
    { kind: 'red_team', environment: 'staging', producer: 'Fraud strategy team', summary: 'Card-testing and mule patterns crafted to pass under the alert threshold.', metrics: [{ name: 'critical_findings', value: 0, threshold: 0, comparator: 'eq' }] },
  ]);
}

type Evidence = ReturnType<typeof creditEvidence>;
type Signers = { riskOfficer: Actor; securityReviewer: Actor };

/**
 * A high-tier version's way to production: to staging on offline performance and robustness, signed by a risk
 * officer; then, with shadow scoring, fairness and red-team evidence, to production, signed by both signers the tier
 * asks for. The evidence must have run before it is recorded, the day before each request.
 */
export function throughStaging(owner: Actor, signers: Signers, version: Version, evidence: Evidence, at: { staging: number; production: number }, justifications: { staging: string; production: string }, productionConditions?: string): Scene[] {
  // Shadow scoring runs beside production once the version is in staging: its figures end two days before the request.
  const shadowed = evidence.map((e) => (e.environment === 'production' ? { ...e, performedAt: new Date(at.production - 2 * DAY).toISOString() } : e));
  return [
    ...promotionScenes({ owner, signers: [signers.riskOfficer], version, target: 'staging', justification: justifications.staging, evidence: shadowed.filter(isStagingEvidence), at: at.staging }),
    ...promotionScenes({ owner, signers: [signers.riskOfficer, signers.securityReviewer], version, target: 'production', justification: justifications.production, evidence: shadowed.filter((e) => !isStagingEvidence(e)), at: at.production, conditions: productionConditions }),
  ];
}

/**
 * Governance history for the credit scorecard, made through the real verbs: 3.2.0 reaches staging six weeks ago and
 * production five weeks ago (so it has a signed AI Card); 3.3.0, retrained, reached staging a month ago and has
 * awaited the production signatures for six days.
 */
export function governanceScenes(people: Signers & { owner: Actor }, v320: Version, v330: Version): Scene[] {
  // 3.3.0 is shadow-scored in production once it reaches staging, until eight days ago.
  const v330Evidence = creditEvidence(0.012, 34).map((e) => (e.environment === 'production' ? { ...e, performedAt: daysAgo(8) } : e));
  return [
    ...throughStaging(people.owner, people, v320, creditEvidence(0, 46), { staging: realNow() - 42 * DAY, production: realNow() - 35 * DAY }, {
      staging: 'Out-of-time AUC 0.80 and robust to bureau noise: ready for shadow scoring.',
      production: 'Out-of-time AUC above policy; fairness within tolerance; validation team sign-off attached.',
    }),
    ...promotionScenes({ owner: people.owner, signers: [people.riskOfficer], version: v330, target: 'staging', justification: 'Retrained on 2025-H2 data: out-of-time AUC 0.813, robust to bureau noise.', evidence: v330Evidence.filter(isStagingEvidence), at: realNow() - 30 * DAY }),
    // Awaiting both signatures since.
    ...promotionScenes({ owner: people.owner, signers: [], version: v330, target: 'production', justification: 'Retrained on 2025-H2 data: AUC +0.012 out of time, parity unchanged. Replaces 3.2.0.', evidence: v330Evidence.filter((e) => !isStagingEvidence(e)), at: realNow() - 6 * DAY + 3_600_000 }),
  ];
}

/** The fraud detector 3.2.0 reaches staging nine weeks ago and replaces 3.1.0 in production eight weeks ago; 3.1.0 is archived by it. */
export function fraudGovernanceScenes(people: Signers & { fraudOwner: Actor }, v320: Version): Scene[] {
  return throughStaging(people.fraudOwner, people, v320, fraudEvidence(0, 64), { staging: realNow() - 60 * DAY, production: realNow() - 56 * DAY }, {
    staging: 'Sequence model over transaction histories: alert precision 0.90 on held-out months; ready to score in shadow.',
    production: 'Sequence model over transaction histories: alert precision 0.90 held out and 0.89 in shadow; replaces 3.1.0.',
  }, 'Scores between the alert and block thresholds ask for step-up authentication, never a decline, until three months of production precision are filed as evidence.');
}
