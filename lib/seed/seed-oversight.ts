import 'server-only';
import type { Actor } from '@/lib/auth/actor';
import { closeFinding } from '@/lib/findings/close-finding';
import { raiseFinding } from '@/lib/findings/raise-finding-by-hand';
import { ZCloseFindingInput, ZRaiseFindingInput, ZUpdateFindingInput, ZWaiveFindingInput } from '@/lib/findings/schemas';
import { updateFinding } from '@/lib/findings/update-finding';
import { waiveFinding } from '@/lib/findings/waive-finding';
import { addIncidentAction } from '@/lib/incidents/add-incident-action';
import { recordIncident } from '@/lib/incidents/record-incident';
import { ZRecordIncidentInput } from '@/lib/incidents/schemas';
import { recordMonitoring } from '@/lib/monitoring/record-monitoring';
import { buildReviewSnapshot } from '@/lib/reviews/review-snapshot';
import { ZSignReviewInput } from '@/lib/reviews/schemas';
import { signReview } from '@/lib/reviews/sign-review';
import { getDb } from '@/db';
import { resolveFindingSubject } from '@/lib/findings/finding-subject';
import { DEMO_PASSWORD } from './demo-data';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms);

/**
 * A week of card authorisations against the training reference, binned by amount (EUR) and by merchant category;
 * the pipeline says "no drift" every time (its own PSI is on a coarser binning), so the server's figure is the check.
 */
const AMOUNT_EDGES = [0, 20, 50, 100, 250, 1000, 10000];
const AMOUNT_REFERENCE = [3100, 2600, 1900, 1400, 700, 300];
const AMOUNT_WEEKS = [
  [3050, 2640, 1880, 1420, 710, 300], // 15 days ago: steady (PSI ≈ 0.0002)
  [2000, 2200, 2000, 2000, 1300, 500], // 8 days ago: moderate (PSI ≈ 0.12, medium)
  [1400, 1800, 2000, 2200, 1800, 800], // yesterday: significant (PSI ≈ 0.35, high)
];
const MCC_EDGES = [0, 1, 2, 3, 4];
const MCC_REFERENCE = [4200, 2800, 2100, 900];
const MCC_CURRENT = [4150, 2850, 2080, 920];

function fraudWeek(deploymentId: string, week: number) {
  const end = ago(15 * DAY - week * 7 * DAY);
  return {
    now: new Date(end.getTime() + 3 * HOUR),
    body: {
      deploymentId,
      window: { start: new Date(end.getTime() - 7 * DAY).toISOString(), end: end.toISOString() },
      producer: 'evidently 0.7.x (nightly job fraud-monitoring)',
      metrics: [{ name: 'precision_at_alert', value: [0.91, 0.88, 0.83][week]! }],
      drift: [
        { feature: 'amount', method: 'psi', value: 0.04, driftDetected: false, histograms: { edges: AMOUNT_EDGES, reference: AMOUNT_REFERENCE, current: AMOUNT_WEEKS[week]! } },
        { feature: 'merchant_category', method: 'psi', value: 0.01, driftDetected: false, histograms: { edges: MCC_EDGES, reference: MCC_REFERENCE, current: MCC_CURRENT } },
      ],
    },
  };
}

type People = { fraudOwner: Actor; riskOfficer: Actor };
type Targets = { fraudSystemId: string; fraudDeploymentId: string; creditVersionId: string; chatbotVersionId: string };

/** Three weekly batches: steady, then a medium drift finding, then the same finding raised to high by the repeat. */
async function seedFraudDrift(people: People, targets: Targets) {
  for (const week of [0, 1, 2]) {
    const { body, now } = fraudWeek(targets.fraudDeploymentId, week);
    await recordMonitoring(people.fraudOwner, body, {}, now);
  }
}

/** A fairness finding on the credit scorecard in production, remediated, validated and closed with evidence by a risk officer who never owned it. */
async function seedClosedFinding(people: People, targets: Targets) {
  const finding = await raiseFinding(people.riskOfficer, ZRaiseFindingInput.parse({
    type: 'validation_issue', severity: 'high', subjectType: 'model_version', subjectId: targets.creditVersionId,
    title: 'Approval-rate parity below 0.8 for applicants over 65',
    description: 'The monthly fairness run measured a demographic parity ratio of 0.76 for the 65+ age band against the 0.8 policy floor.',
    remediationPlan: 'Re-weight the 65+ band in training, re-run the fairness suite, and confirm on four weeks of shadow scoring.',
  }), ago(24 * DAY));
  await updateFinding(people.riskOfficer, finding.id, ZUpdateFindingInput.parse({ status: 'in_remediation' }), ago(20 * DAY));
  await updateFinding(people.riskOfficer, finding.id, ZUpdateFindingInput.parse({ status: 'ready_for_validation' }), ago(4 * DAY));
  await closeFinding(people.riskOfficer, finding.id, ZCloseFindingInput.parse({
    outcome: 'closed', password: DEMO_PASSWORD,
    closureEvidence: 'Fairness re-run VR-2026-031 (fairlearn 0.12): parity ratio 0.86 for the 65+ band; four weeks of shadow scoring confirm 0.84. Report filed with the validation team.',
  }), ago(3 * DAY));
}

/** The credit scorecard's periodic review, signed once its fairness finding closed: a past attestation and its snapshot to open. */
async function seedSignedReview(people: People, targets: Targets) {
  const systemId = (await resolveFindingSubject(getDb(), 'model_version', targets.creditVersionId)).systemId!;
  await signReview(people.riskOfficer, ZSignReviewInput.parse({
    systemId, outcome: 'continue_with_conditions', password: DEMO_PASSWORD, snapshotSha256: (await buildReviewSnapshot(getDb(), systemId)).sha256,
    conditions: 'Monthly fairness runs for the 65+ band are filed as evidence until two consecutive quarters stay above the 0.8 floor.',
  }), ago(2 * DAY));
}

/** A known limitation of the chatbot, accepted as a risk by a risk officer (not its owner) until a few days from now. */
async function seedAcceptedRisk(people: People, targets: Targets) {
  const finding = await raiseFinding(people.riskOfficer, ZRaiseFindingInput.parse({
    type: 'limitation', severity: 'medium', subjectType: 'model_version', subjectId: targets.chatbotVersionId,
    title: 'Fee answers can cite superseded help articles',
    description: 'Retrieval does not yet filter articles withdrawn from the help centre; 2 of 400 sampled fee answers quoted an old tariff.',
    remediationPlan: 'Index only published articles (CMS status filter) from the next retrieval release.',
  }), ago(40 * DAY));
  await waiveFinding(people.riskOfficer, finding.id, ZWaiveFindingInput.parse({
    password: DEMO_PASSWORD,
    justification: 'Fee answers link the live tariff page, which customers see before any charge; the retrieval fix ships with release 2.1.',
    compensatingControls: 'Weekly review of sampled fee conversations; agents hand over any fee dispute; withdrawn articles carry a banner.',
    expiresOn: new Date(Date.now() + 4 * DAY).toISOString().slice(0, 10),
  }), ago(30 * DAY));
}

/** A serious incident (Art. 73, 15 days) on the fraud system, about three days into its clock, with two actions on its timeline. */
async function seedIncident(people: People, targets: Targets) {
  const awareAt = ago(3 * DAY - 6 * HOUR);
  const incident = await recordIncident(people.fraudOwner, ZRecordIncidentInput.parse({
    title: 'Legitimate card payments declined in two regions',
    description: 'After the amount distribution shifted, the fraud score crossed the step-up threshold for many ordinary purchases and about 1,900 payments were declined before step-up.',
    affectedPeople: 'About 1,900 cardholders in the north-east and south regions; some could not pay for fuel or groceries.',
    systemIds: [targets.fraudSystemId], severity: 'high', serious: true, category: 'general', awareAt: awareAt.toISOString(),
  }), new Date(awareAt.getTime() + 2 * HOUR));
  const act = async (hoursAgo: number, text: string) => await addIncidentAction(people.fraudOwner, incident.id, { at: ago(hoursAgo * HOUR).toISOString(), text }, ago(hoursAgo * HOUR - 600_000));
  await act(60, 'Step-up threshold raised from 0.80 to 0.92 for the affected card ranges; declines back to baseline within four hours.');
  await act(20, 'Draft report to the market surveillance authority prepared; legal review booked before filing.');
}

/** The oversight demo, made through the real verbs, with their injected clocks placing the history in the past weeks. */
export async function seedOversight(people: People, targets: Targets) {
  await seedFraudDrift(people, targets);
  await seedClosedFinding(people, targets);
  await seedSignedReview(people, targets);
  await seedAcceptedRisk(people, targets);
  await seedIncident(people, targets);
}
