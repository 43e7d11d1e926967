import 'server-only';
import type { Actor } from '@/lib/auth/actor';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { updateSystem } from '@/lib/inventory/update-system';
import { requestPromotion } from '@/lib/promotion/request-promotion';
import { ZSignRequestInput } from '@/lib/promotion/schemas';
import { signRequest } from '@/lib/promotion/sign-request';
import { realNow, type Scene } from './demo-clock';
import { DEMO_PASSWORD } from './demo-data';

const DAY = 86_400_000;

type Version = { id: string; artifactSha256: string };
/** Claimed run times, placed from the real now (the scenes around them are replayed in the past). */
const daysAgo = (days: number) => new Date(realNow() - days * DAY).toISOString();

const CREDIT_NARRATIVE = {
  limitations:
    'Calibrated on 2019-2025 EU retail applications; not validated for applicants with thin credit files (fewer than two bureau trade lines), for whom the score is withheld. Performance degrades when bureau data is older than 90 days.',
  ethicalConsiderations:
    'Uses no protected attributes directly; postcode is excluded as a proxy for ethnicity. Approval-rate parity across age bands and sex is monitored monthly against a 0.8 ratio.',
  recommendations: 'Use as decision support only; credit officers review every decline. Re-validate after any change to bureau data or the cut-off.',
};

/** Evidence for one credit scorecard version: `shift` moves the numbers so two versions differ a little. */
function creditEvidence(shift: number, ageDays: number) {
  return [
    { kind: 'performance', environment: 'staging', producer: 'mlflow-evaluate 2.14', summary: 'Out-of-time validation on the last two quarters of applications.', metrics: [{ name: 'auc', value: 0.801 + shift, threshold: 0.75, comparator: 'gte' }, { name: 'ks', value: 0.46 + shift, threshold: 0.35, comparator: 'gte' }] },
    { kind: 'performance', environment: 'production', producer: 'shadow-scoring job', summary: 'Four weeks of shadow scoring on live applications.', metrics: [{ name: 'auc', value: 0.797 + shift, threshold: 0.75, comparator: 'gte' }, { name: 'ks', value: 0.452 + shift, threshold: 0.35, comparator: 'gte' }] },
    { kind: 'robustness', environment: 'staging', producer: 'perturbation suite 1.3', summary: 'Bureau fields perturbed by 5%; missing-value injection.', metrics: [{ name: 'auc_drop_under_noise', value: 0.018, threshold: 0.03, comparator: 'lte' }] },
    { kind: 'fairness', environment: 'staging', producer: 'fairlearn 0.12', summary: 'Approval parity by age band and sex.', metrics: [{ name: 'demographic_parity_ratio', value: 0.9 + shift, threshold: 0.8, comparator: 'gte' }, { name: 'equal_opportunity_difference', value: 0.031, threshold: 0.05, comparator: 'lte' }] },
    { kind: 'red_team', environment: 'staging', producer: 'Model validation team', summary: 'Adversarial applications and data-poisoning review.', metrics: [{ name: 'critical_findings', value: 0, threshold: 0, comparator: 'eq' }] },
  ].map((e, i) => ({ ...e, performedAt: daysAgo(ageDays - i) }));
}

/** Evidence for the fraud detector 3.2.0, before its promotion: alert precision and recall on held-out months. */
function fraudEvidence(ageDays: number) {
  return [
    { kind: 'performance', environment: 'staging', producer: 'evidently 0.7 (offline evaluation)', summary: 'Held-out authorisations, July to September 2025, with 90-day chargeback labels.', metrics: [{ name: 'precision_at_alert', value: 0.9, threshold: 0.85, comparator: 'gte' }, { name: 'recall_at_alert', value: 0.74, threshold: 0.7, comparator: 'gte' }] },
    { kind: 'performance', environment: 'production', producer: 'shadow-scoring job', summary: 'Three weeks scoring live authorisations beside 3.1.0, decisions not applied.', metrics: [{ name: 'precision_at_alert', value: 0.89, threshold: 0.85, comparator: 'gte' }, { name: 'recall_at_alert', value: 0.73, threshold: 0.7, comparator: 'gte' }] },
    { kind: 'robustness', environment: 'staging', producer: 'perturbation suite 1.3', summary: 'Amounts and merchant codes perturbed; bursts of replayed transactions.', metrics: [{ name: 'precision_drop_under_noise', value: 0.021, threshold: 0.03, comparator: 'lte' }] },
    { kind: 'fairness', environment: 'staging', producer: 'fairlearn 0.12', summary: 'Decline rates of legitimate payments by cardholder age band and region.', metrics: [{ name: 'false_decline_rate_ratio', value: 0.87, threshold: 0.8, comparator: 'gte' }] },
    { kind: 'red_team', environment: 'staging', producer: 'Fraud strategy team', summary: 'Card-testing and mule patterns crafted to pass under the alert threshold.', metrics: [{ name: 'critical_findings', value: 0, threshold: 0, comparator: 'eq' }] },
  ].map((e, i) => ({ ...e, performedAt: daysAgo(ageDays - i) }));
}

type Evidence = ReturnType<typeof creditEvidence>;

async function recordEvidence(actor: Actor, version: Version, evidence: Evidence) {
  for (const e of evidence) await recordEvaluation(actor, ZRecordEvaluationInput.parse({ ...e, modelVersionId: version.id, artifactSha256: version.artifactSha256 }));
}

type Signers = { riskOfficer: Actor; securityReviewer: Actor };

/** A promotion to production requested by the version's owner and approved by both signers the high tier asks for. */
async function promoteSigned(owner: Actor, signers: Signers, version: Version, justification: string) {
  const approved = await requestPromotion(owner, { modelVersionId: version.id, targetStage: 'production', justification });
  for (const [signer, role] of [[signers.riskOfficer, 'risk_officer'], [signers.securityReviewer, 'security_reviewer']] as const) {
    await signRequest(signer, ZSignRequestInput.parse({ requestId: approved.id, role, decision: 'approve', comment: '', password: DEMO_PASSWORD, snapshotSha256: approved.snapshotSha256 }));
  }
}


/**
 * Governance history for the credit scorecard, made through the real verbs: 3.2.0 reaches production five weeks ago
 * by a request signed by a risk officer and a security reviewer (so it has a signed AI Card), and 3.3.0, retrained,
 * has awaited their signatures for six days.
 */
export function governanceScenes(people: { owner: Actor; riskOfficer: Actor; securityReviewer: Actor }, creditSystemId: string, v320: Version, v330: Version): Scene[] {
  return [
    {
      at: realNow() - 35 * DAY,
      run: async () => {
        await updateSystem(people.owner, creditSystemId, CREDIT_NARRATIVE);
        await recordEvidence(people.owner, v320, creditEvidence(0, 40));
        await promoteSigned(people.owner, people, v320, 'Out-of-time AUC above policy; fairness within tolerance; validation team sign-off attached.');
      },
    },
    {
      at: realNow() - 6 * DAY + 3_600_000,
      run: async () => {
        await recordEvidence(people.owner, v330, creditEvidence(0.012, 10));
        await requestPromotion(people.owner, { modelVersionId: v330.id, targetStage: 'production', justification: 'Retrained on 2025-H2 data: AUC +0.012 out of time, parity unchanged. Replaces 3.2.0.' });
      },
    },
  ];
}

/** The fraud detector 3.2.0 replaces 3.1.0 in production eight weeks ago, by a request both signers approve; 3.1.0 is archived by it. */
export function fraudGovernanceScene(people: Signers & { fraudOwner: Actor }, v320: Version): Scene {
  return {
    at: realNow() - 56 * DAY,
    run: async () => {
      await recordEvidence(people.fraudOwner, v320, fraudEvidence(61));
      await promoteSigned(people.fraudOwner, people, v320, 'Sequence model over transaction histories: alert precision 0.90 held out and 0.89 in shadow; replaces 3.1.0.');
    },
  };
}
