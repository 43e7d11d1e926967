import 'server-only';
import type { z } from 'zod';
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
import { realNow, type Scene } from './demo-clock';
import { DEMO_PASSWORD } from './demo-data';
import { signInForScene } from './demo-sign-in';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A moment before the real now: scenes and the facts people claim are placed from it, never from a replayed clock. */
const ago = (ms: number) => realNow() - ms;
const iso = (ms: number) => new Date(ms).toISOString();

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

/** Week 0 ends 15 days ago, week 2 yesterday. */
const weekEnd = (week: number) => ago(15 * DAY - week * 7 * DAY);

function fraudWeek(deploymentId: string, week: number) {
  const end = weekEnd(week);
  return {
    deploymentId,
    window: { start: iso(end - 7 * DAY), end: iso(end) },
    producer: 'evidently 0.7.x (nightly job fraud-monitoring)',
    metrics: [{ name: 'precision_at_alert', value: [0.91, 0.88, 0.83][week]! }],
    drift: [
      { feature: 'amount', method: 'psi', value: 0.04, driftDetected: false, histograms: { edges: AMOUNT_EDGES, reference: AMOUNT_REFERENCE, current: AMOUNT_WEEKS[week]! } },
      { feature: 'merchant_category', method: 'psi', value: 0.01, driftDetected: false, histograms: { edges: MCC_EDGES, reference: MCC_REFERENCE, current: MCC_CURRENT } },
    ],
  };
}

type People = { fraudOwner: Actor; creditOwner: Actor; riskOfficer: Actor };

/** A scene in which a finding is raised by hand; `keep` takes its id for the scenes after it. */
const raising = (at: number, by: Actor, input: z.input<typeof ZRaiseFindingInput>, keep: (id: string) => void): Scene =>
  ({ at, run: async () => keep((await raiseFinding(by, ZRaiseFindingInput.parse(input))).id) });
/** The fraud deployment is reported by an earlier scene, so it is asked for when the batches are posted. */
type Targets = { fraudSystemId: string; fraudDeploymentId: () => string; creditVersionId: string; chatbotVersionId: string };

/**
 * Three weekly batches, each posted by the nightly job three hours after its window ends: steady, then a medium drift
 * finding, then the same finding raised to high by the repeat.
 */
function fraudDrift(people: People, targets: Targets): Scene[] {
  return [0, 1, 2].map((week) => ({ at: weekEnd(week) + 3 * HOUR, run: async () => void (await recordMonitoring(people.fraudOwner, fraudWeek(targets.fraudDeploymentId(), week), {})) }));
}

/** A fairness finding on the credit scorecard in production, remediated by its owner, and closed with evidence by a risk officer who never owned it. */
function closedFinding(people: People, targets: Targets): Scene[] {
  let id = '';
  const move = (status: 'in_remediation' | 'ready_for_validation') => async () => void (await updateFinding(people.creditOwner, id, ZUpdateFindingInput.parse({ status })));
  return [
    raising(ago(24 * DAY), people.riskOfficer, {
      type: 'validation_issue', severity: 'high', subjectType: 'model_version', subjectId: targets.creditVersionId,
      title: 'Approval-rate parity below 0.8 for applicants over 65',
      description: 'The monthly fairness run measured a demographic parity ratio of 0.76 for the 65+ age band against the 0.8 policy floor.',
      remediationPlan: 'Recalibrate the decision cut-off for the 65+ band (a scoring-configuration change; the model is not retrained), re-run the fairness suite, and confirm on two weeks of production decisions.',
    }, (raised) => (id = raised)),
    { at: ago(20 * DAY), run: move('in_remediation') },
    { at: ago(4 * DAY), run: move('ready_for_validation') },
    {
      at: ago(3 * DAY),
      run: async () => {
        await signInForScene(people.riskOfficer);
        await closeFinding(people.riskOfficer, id, ZCloseFindingInput.parse({
          outcome: 'closed', password: DEMO_PASSWORD,
          closureEvidence: 'Cut-off for the 65+ band recalibrated under change CR-4471; fairness re-run VR-2026-031 (fairlearn 0.12): parity ratio 0.86 for the band; two weeks of production decisions since confirm 0.84. Report filed with the validation team.',
        }));
      },
    },
  ];
}

/** The credit scorecard's periodic review, signed once its fairness finding closed: a past attestation and its snapshot to open. */
function signedReview(people: People, targets: Targets): Scene {
  return {
    at: ago(2 * DAY),
    run: async () => {
      const systemId = (await resolveFindingSubject(getDb(), 'model_version', targets.creditVersionId)).systemId!;
      await signInForScene(people.riskOfficer);
      await signReview(people.riskOfficer, ZSignReviewInput.parse({
        systemId, outcome: 'continue_with_conditions', password: DEMO_PASSWORD, snapshotSha256: (await buildReviewSnapshot(getDb(), systemId)).sha256,
        conditions: 'Monthly fairness runs for the 65+ band are filed as evidence until two consecutive quarters stay above the 0.8 floor.',
      }));
    },
  };
}

/** A known limitation of the chatbot, accepted as a risk by a risk officer (not its owner) until a few days from now. */
function acceptedRisk(people: People, targets: Targets): Scene[] {
  let id = '';
  return [
    raising(ago(40 * DAY), people.riskOfficer, {
      type: 'limitation', severity: 'medium', subjectType: 'model_version', subjectId: targets.chatbotVersionId,
      title: 'Fee answers can cite superseded help articles',
      description: 'Retrieval does not yet filter articles withdrawn from the help centre; 2 of 400 sampled fee answers quoted an old tariff.',
      remediationPlan: 'Index only published articles (CMS status filter) from the next retrieval release.',
    }, (raised) => (id = raised)),
    {
      at: ago(30 * DAY),
      run: async () => {
        await signInForScene(people.riskOfficer);
        await waiveFinding(people.riskOfficer, id, ZWaiveFindingInput.parse({
          password: DEMO_PASSWORD,
          justification: 'Fee answers link the live tariff page, which customers see before any charge; the retrieval fix ships with release 2.1.',
          compensatingControls: 'Weekly review of sampled fee conversations; agents hand over any fee dispute; withdrawn articles carry a banner.',
          expiresOn: iso(ago(-4 * DAY)).slice(0, 10),
        }));
      },
    },
  ];
}

/** A serious incident (Art. 73, 15 days) on the fraud system, about three days into its clock, with two actions on its timeline. */
function incident(people: People, targets: Targets): Scene[] {
  const awareAt = ago(3 * DAY - 6 * HOUR);
  let id = '';
  // Each action is written down ten minutes after it was taken.
  const act = (hoursAgo: number, text: string): Scene => ({ at: ago(hoursAgo * HOUR - 600_000), run: async () => void (await addIncidentAction(people.fraudOwner, id, { at: iso(ago(hoursAgo * HOUR)), text })) });
  return [
    {
      at: awareAt + 2 * HOUR,
      run: async () => {
        id = (await recordIncident(people.fraudOwner, ZRecordIncidentInput.parse({
          title: 'Legitimate card payments declined in two regions',
          description: 'After the amount distribution shifted, the fraud score crossed the step-up threshold for many ordinary purchases and about 1,900 payments were declined before step-up.',
          affectedPeople: 'About 1,900 cardholders in the north-east and south regions; some could not pay for fuel or groceries.',
          systemIds: [targets.fraudSystemId], severity: 'high', serious: true, category: 'general', awareAt: iso(awareAt),
        }))).id;
      },
    },
    act(60, 'Step-up threshold raised from 0.80 to 0.92 for the affected card ranges; declines back to baseline within four hours.'),
    act(20, 'Draft report to the market surveillance authority prepared; legal review booked before filing.'),
  ];
}

/** The oversight demo, made through the real verbs, as scenes of the past weeks (demo-clock.ts replays them in order). */
export function oversightScenes(people: People, targets: Targets): Scene[] {
  return [...fraudDrift(people, targets), ...closedFinding(people, targets), signedReview(people, targets), ...acceptedRisk(people, targets), ...incident(people, targets)];
}
