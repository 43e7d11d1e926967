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

async function recordEvidence(actor: Actor, versionId: string, digest: string, shift: number, ageDays: number) {
  for (const e of creditEvidence(shift, ageDays)) await recordEvaluation(actor, ZRecordEvaluationInput.parse({ ...e, modelVersionId: versionId, artifactSha256: digest }));
}

type Version = { id: string; artifactSha256: string };

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
        await recordEvidence(people.owner, v320.id, v320.artifactSha256, 0, 40);
        const approved = await requestPromotion(people.owner, { modelVersionId: v320.id, targetStage: 'production', justification: 'Out-of-time AUC above policy; fairness within tolerance; validation team sign-off attached.' });
        for (const [signer, role] of [[people.riskOfficer, 'risk_officer'], [people.securityReviewer, 'security_reviewer']] as const) {
          await signRequest(signer, ZSignRequestInput.parse({ requestId: approved.id, role, decision: 'approve', comment: '', password: DEMO_PASSWORD, snapshotSha256: approved.snapshotSha256 }));
        }
      },
    },
    {
      at: realNow() - 6 * DAY + 3_600_000,
      run: async () => {
        await recordEvidence(people.owner, v330.id, v330.artifactSha256, 0.012, 10);
        await requestPromotion(people.owner, { modelVersionId: v330.id, targetStage: 'production', justification: 'Retrained on 2025-H2 data: AUC +0.012 out of time, parity unchanged. Replaces 3.2.0.' });
      },
    },
  ];
}
