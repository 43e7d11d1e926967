import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DRIFTED, driftBatch } from '@/lib/cards/oversight-scenario';
import { monitoredDeployment } from '@/lib/monitoring/test-setup';
import { recordMonitoring } from '@/lib/monitoring/record-monitoring';
import { raiseFinding } from '@/lib/findings/raise-finding-by-hand';
import { ZRaiseFindingInput, ZWaiveFindingInput } from '@/lib/findings/schemas';
import { waiveFinding } from '@/lib/findings/waive-finding';
import { recordIncident } from '@/lib/incidents/record-incident';
import { ZRecordIncidentInput } from '@/lib/incidents/schemas';
import { oversightWorld, PASSWORD } from '@/lib/reviews/oversight-fixtures';
import { collectOversight } from './collect-oversight';

let versionId: string;
let systemId: string;

beforeAll(async () => {
  const world = await oversightWorld('high');
  const { system, version, deployment } = await monitoredDeployment(world.ds, 'pack-series-count', 'high');
  [versionId, systemId] = [version.id, system.id];
  // Histograms sent with two metrics on one feature: the server computes a JS distance from each (two series, named
  // by the metric that carried them) and a PSI from the hellinger one, which the sent psi series already covers.
  const batch = driftBatch({ deploymentId: deployment.id }, DRIFTED, 1);
  await recordMonitoring(world.ds, { ...batch, drift: [...batch.drift, { feature: 'amount', method: 'hellinger', value: 0.3, driftDetected: true, histograms: DRIFTED }] }, {});
  // Two of each other list, so a total that merely repeated the rows held would show.
  for (const title of ['Payments blocked', 'Scores delayed']) {
    await recordIncident(world.ds, ZRecordIncidentInput.parse({ title, description: `${title}.`, systemIds: [system.id], severity: 'medium', serious: false, category: 'general', awareAt: new Date(Date.now() - 86_400_000).toISOString() }));
    const finding = await raiseFinding(world.ds, ZRaiseFindingInput.parse({ type: 'limitation', severity: 'low', title, description: `${title}.`, subjectType: 'system', subjectId: system.id }));
    await waiveFinding(world.ro, finding.id, ZWaiveFindingInput.parse({ justification: 'Low impact.', compensatingControls: 'Manual review.', expiresOn: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10), password: PASSWORD }));
  }
});

afterEach(() => {
  delete process.env.PACK_OVERSIGHT_ROWS;
});

const oversight = async () => await collectOversight({ inventory: false, systemIds: [systemId], versionIds: [versionId], datasetVersionIds: [] }, { from: '0000', to: '9999' });
const summary = async () => (await oversight()).monitoring;

describe('the pack’s monitoring summary', () => {
  it('counts every series it would list when it holds fewer, a statistic computed from two metrics’ histograms twice', async () => {
    const whole = await summary();
    expect(whole.items.map((s) => [s.metric, s.derivedFrom]).sort()).toEqual([['hellinger', null], ['js_distance', 'hellinger'], ['js_distance', 'psi'], ['psi', null]]);
    expect(whole.total).toBe(4);
    process.env.PACK_OVERSIGHT_ROWS = '1';
    const cut = await summary();
    expect(cut.items).toHaveLength(1);
    expect(cut.total).toBe(4);
  });

  it('gives every other list its total too when it holds fewer', async () => {
    process.env.PACK_OVERSIGHT_ROWS = '1';
    const { incidents, waivers } = await oversight();
    expect([incidents.items.length, incidents.total, waivers.items.length, waivers.total]).toEqual([1, 2, 1, 2]);
  });
});
