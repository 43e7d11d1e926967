import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db';
import type { Actor } from '@/lib/auth/actor';
import { makeActor } from '@/lib/testing';
import { monitoringSeries, monitoringSummary, seriesFindings } from './queries';
import { hoursAgo, monitoredDeployment, postMonitoring } from './test-setup';

let owner: Actor;
let target: Awaited<ReturnType<typeof monitoredDeployment>>;
const DAY_HOURS = 24;
const shifted = { edges: [0, 1, 2], reference: [50, 50], current: [25, 75] };
const same = { edges: [0, 1, 2], reference: [50, 50], current: [50, 50] };

beforeAll(async () => {
  owner = await makeActor(['data_scientist']);
  target = await monitoredDeployment(owner, 'series');
  // Oldest first: a result 40 days old (outside every default rule's 30-day window), then two recent ones.
  for (const [daysAgo, histograms] of [[40, shifted], [2, same], [1, shifted]] as const) {
    const end = hoursAgo(daysAgo * DAY_HOURS);
    const response = await postMonitoring(target.token, { deploymentId: target.deployment.id, window: { start: hoursAgo(daysAgo * DAY_HOURS + 24), end }, metrics: [{ name: 'roc_auc', value: 0.9 }], drift: [{ feature: 'income', value: 0.01, driftDetected: false, histograms }] });
    const body = await response.json();
    // The 40-day-old result breaches on its figures but lies outside the rules' window: stored, judged by none.
    if (daysAgo === 40) expect(body.breaches).toEqual([]);
  }
});

describe('monitoring series', () => {
  it('give each metric and feature its points oldest first, with the server figures and the first threshold of its rules', async () => {
    const series = await monitoringSeries(getDb(), target.version.id);
    const psi = series.find((s) => s.metric === 'psi' && s.feature === 'income')!;
    expect(psi).toMatchObject({ threshold: 0.1, pointCount: 3 });
    expect(psi.rules.map((r) => r.severity)).toEqual(['medium', 'high']);
    expect(psi.points.map((p) => [p.valueSource, p.reportedValue, p.reportedDrift])).toEqual([['computed', 0.01, false], ['computed', 0.01, false], ['computed', 0.01, false]]);
    expect(psi.points.map((p) => Number(p.value!.toFixed(4)))).toEqual([0.2747, 0, 0.2747]);
    expect(psi.points[2]!.computedJs).toBeCloseTo(0.183908, 5);
    expect(series.find((s) => s.metric === 'roc_auc')).toMatchObject({ feature: null, threshold: null, rules: [] });
  });

  it("chart the JS distance the server computed from a psi result's histograms as its own series, against its rule", async () => {
    const js = (await monitoringSeries(getDb(), target.version.id)).find((s) => s.metric === 'js_distance' && s.feature === 'income')!;
    expect(js).toMatchObject({ threshold: 0.1, pointCount: 3 });
    expect(js.rules.map((r) => [r.comparator, r.threshold, r.severity])).toEqual([['gte', 0.1, 'medium']]);
    expect(js.points.map((p) => [p.valueSource, p.reportedValue, Number(p.value!.toFixed(4))])).toEqual([['computed', null, 0.1839], ['computed', null, 0], ['computed', null, 0.1839]]);
  });

  it('list a model-wide metric before the same metric per feature, on either database', async () => {
    const other = await monitoredDeployment(owner, 'model-wide');
    const response = await postMonitoring(other.token, { deploymentId: other.deployment.id, window: { start: hoursAgo(25), end: hoursAgo(1) }, metrics: [{ name: 'psi', value: 0.02 }], drift: [{ feature: 'age', value: 0.01, driftDetected: false, histograms: same }] });
    expect(response.status).toBe(201);
    const series = await monitoringSeries(getDb(), other.version.id);
    expect(series.filter((s) => s.metric === 'psi').map((s) => s.feature)).toEqual([null, 'age']);
  });

  it('are bounded: only the latest points of a series, and the newest series first', async () => {
    const [first] = await monitoringSeries(getDb(), target.version.id, { pointsPerSeries: 2, maxSeries: 1 });
    expect(first!.points).toHaveLength(2);
    expect(first!.pointCount).toBe(3);
    expect(first!.points[1]!.windowEnd > first!.points[0]!.windowEnd).toBe(true);
    // A series the server computed counts every window it has a figure for, not the points read (the AI Card reads one).
    const js = (await monitoringSeries(getDb(), target.version.id, { pointsPerSeries: 1 })).find((s) => s.metric === 'js_distance' && s.feature === 'income')!;
    expect([js.points.length, js.pointCount]).toEqual([1, 3]);
  });

  it('sum up to the latest state per series, breaches first, with the contradicted "no drift" shown', async () => {
    const summary = await monitoringSummary(getDb(), target.version.id);
    expect(summary.breaches).toBe(2);
    expect(summary.series[0]).toMatchObject({ metric: 'psi', feature: 'income', state: 'breach', severity: 'high', contradictsProducer: true });
    expect(summary.series[1]).toMatchObject({ metric: 'js_distance', feature: 'income', state: 'breach', severity: 'medium' });
    expect(summary.series.find((s) => s.metric === 'roc_auc')).toMatchObject({ state: 'unjudged' });
    expect(summary.lastReceivedAt).not.toBeNull();
  });

  it('link each breached series to the finding it raised, and no other', async () => {
    const series = await monitoringSeries(getDb(), target.version.id);
    const raised = await seriesFindings(getDb(), target.version.id, series);
    expect(raised.get('psi:income')).toMatchObject({ ref: expect.stringMatching(/^F-\d+$/), status: 'open' });
    expect(raised.get('js_distance:income')).toMatchObject({ ref: expect.stringMatching(/^F-\d+$/) });
    expect(raised.get('psi:income')!.id).not.toBe(raised.get('js_distance:income')!.id);
    expect(raised.has('roc_auc:')).toBe(false);
  });
});
