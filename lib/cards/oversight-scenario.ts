import { getDb } from '@/db';
import { closeFinding } from '@/lib/findings/close-finding';
import { raiseFinding } from '@/lib/findings/raise-finding-by-hand';
import { ZCloseFindingInput, ZRaiseFindingInput, ZWaiveFindingInput } from '@/lib/findings/schemas';
import { updateFinding } from '@/lib/findings/update-finding';
import { waiveFinding } from '@/lib/findings/waive-finding';
import { addIncidentAction } from '@/lib/incidents/add-incident-action';
import { recordIncident } from '@/lib/incidents/record-incident';
import { ZRecordIncidentInput } from '@/lib/incidents/schemas';
import { recordMonitoring } from '@/lib/monitoring/record-monitoring';
import { monitoredDeployment } from '@/lib/monitoring/test-setup';
import { buildReviewSnapshot } from '@/lib/reviews/review-snapshot';
import { ZSignReviewInput } from '@/lib/reviews/schemas';
import { signReview } from '@/lib/reviews/sign-review';
import { oversightWorld, PASSWORD } from '@/lib/reviews/oversight-fixtures';

/**
 * Test support (never imported by the app): a high-risk production version with one of each oversight record, all
 * made through the real verbs: a drift breach computed from histograms (PSI and JS), a waived medium finding, a
 * high finding closed with evidence and a signature, a signed review, and a serious incident with two actions.
 */
const DAY = 86_400_000;
export const iso = (ms: number) => new Date(ms).toISOString();
/** Reference and current histograms far apart (PSI ≈ 1.08), or alike (PSI ≈ 0.004). */
export const DRIFTED = { edges: [0, 10, 100, 1000], reference: [50, 30, 20], current: [10, 30, 60] };
export const STEADY = { edges: [0, 10, 100, 1000], reference: [50, 30, 20], current: [48, 31, 21] };

/** A monitoring report of drift on `amount` for a week ending `endsAgoDays` ago; the pipeline claims no drift. */
export const driftBatch = (target: { deploymentId?: string; modelVersionId?: string }, histograms: typeof DRIFTED, endsAgoDays: number) => ({
  ...target,
  window: { start: iso(Date.now() - (endsAgoDays + 7) * DAY), end: iso(Date.now() - endsAgoDays * DAY) },
  producer: 'evidently 0.7',
  drift: [{ feature: 'amount', method: 'psi', value: 0.02, driftDetected: false, histograms }],
});

export async function oversightScenario(label: string) {
  const world = await oversightWorld('high');
  const { system, version, deployment } = await monitoredDeployment(world.ds, label, 'high');
  const posted = await recordMonitoring(world.ds, driftBatch({ deploymentId: deployment.id }, DRIFTED, 1), {});
  const raise = async (severity: 'high' | 'medium', title: string) =>
    (await raiseFinding(world.ds, ZRaiseFindingInput.parse({ type: 'validation_issue', severity, title, description: `${title}.`, subjectType: 'model_version', subjectId: version.id }))).id;
  const waived = await raise('medium', 'Calibration drifts on weekends');
  await waiveFinding(world.ro, waived, ZWaiveFindingInput.parse({ justification: 'Weekend volume is 3% of decisions.', compensatingControls: 'Analysts review every weekend decline.', expiresOn: iso(Date.now() + 5 * DAY).slice(0, 10), password: PASSWORD }));
  const closed = await raise('high', 'Threshold set on stale data');
  await updateFinding(world.ds, closed, { status: 'in_remediation', remediationPlan: 'Re-derive the threshold on 2026-Q4 data and validate it.' });
  await updateFinding(world.ds, closed, { status: 'ready_for_validation' });
  await closeFinding(world.ro, closed, ZCloseFindingInput.parse({ outcome: 'closed', closureEvidence: 'Threshold re-derived on 2026-Q4 data; validation report VR-88.', password: PASSWORD }));
  await signReview(world.ro, ZSignReviewInput.parse({ systemId: system.id, outcome: 'continue_with_conditions', conditions: 'Retrain before the next quarter.', password: PASSWORD, snapshotSha256: (await buildReviewSnapshot(getDb(), system.id)).sha256 }));
  const incident = await recordIncident(world.ds, ZRecordIncidentInput.parse({ title: 'Legitimate payments blocked', description: 'A rule change blocked 4% of payments.', systemIds: [system.id], severity: 'high', serious: true, category: 'general', awareAt: iso(Date.now() - 2 * DAY) }));
  await addIncidentAction(world.ds, incident.id, { at: iso(Date.now() - DAY), text: 'Rule rolled back.' });
  await addIncidentAction(world.ds, incident.id, { at: iso(Date.now() - 3_600_000), text: 'Affected customers contacted.' });
  return { world, ids: { system: system.id, version: version.id, breach: posted.breaches[0]!.findingId, waived, closed, incident: incident.id } };
}
