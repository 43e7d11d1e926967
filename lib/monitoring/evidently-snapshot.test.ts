import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db';
import { monitoringPoints } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { parseInput } from '@/lib/http/to-domain-error';
import { makeActor } from '@/lib/testing';
import { evidentlyPoints } from './evidently-snapshot';
import { ZEvidentlySnapshot } from './schemas';
import { hoursAgo, monitoredDeployment, postMonitoring } from './test-setup';

// The shape of Evidently 0.7.15+ Snapshot.dict()/json(): github.com/evidentlyai/evidently@a4aa4c2b37fe7a4344cc5031f566deccf3d69e4f,
// src/evidently/core/report.py (Snapshot.dict) and src/evidently/core/metric_types.py (MetricResult.to_dict,
// MetricTestResult). Provenance of each entry: lib/monitoring/fixtures/SOURCE.md.
const SNAPSHOT = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'evidently-0.7-snapshot.json'), 'utf8'));

let owner: Actor;
beforeAll(async () => {
  owner = await makeActor(['data_scientist']);
});

describe('Evidently snapshots', () => {
  it('map ValueDrift per column by its stattest, DriftedColumnsCount to a share and a count, single values by type', () => {
    const { points, tests } = evidentlyPoints(parseInput(ZEvidentlySnapshot, SNAPSHOT));
    expect(points.map((p) => [p.metric, p.feature, p.reportedValue, p.reportedDrift])).toEqual([
      ['drifted_columns_share', null, 0.4, false],
      ['drifted_columns_count', null, 2, null],
      ['wasserstein_normed', 'avg_session_min', 0.001, false],
      // chi-square is a p-value: 0.74 is above Evidently's 0.05 (from the metric name), so no drift.
      ['chisquare_p_value', 'contract_code', 0.74, false],
      // The FAIL test on this metric is the producer's verdict.
      ['psi', 'income', 0.31, true],
      ['accuracy', null, 0.912, null],
    ]);
    expect(tests).toEqual({ FAIL: 1, SUCCESS: 1 });
  });

  it('read the 0.7.0–0.7.14 form, where metric_id held the explicit id and there was no config', () => {
    const { points } = evidentlyPoints(parseInput(ZEvidentlySnapshot, { metrics: [{ id: 'a1', metric_id: 'ValueDrift(column=age,method=K-S p_value,threshold=0.05)', value: 0.01 }, { id: 'b2', metric_id: 'RocAuc()', value: 0.8 }] }));
    expect(points).toEqual([
      { metric: 'ks_p_value', feature: 'age', reportedValue: 0.01, reportedDrift: true, histograms: null },
      { metric: 'roc_auc', feature: null, reportedValue: 0.8, reportedDrift: null, histograms: null },
    ]);
  });

  it('refuse a drift figure its statistic cannot take, as the JSON form does (a PSI of -1, a p-value of 7), recording nothing', () => {
    const snapshot = parseInput(ZEvidentlySnapshot, { metrics: [{ metric_id: 'ValueDrift(column=a,method=PSI,threshold=0.25)', value: -1 }, { metric_id: 'ValueDrift(column=b,method=K-S p_value,threshold=0.05)', value: 7 }, { metric_id: 'RocAuc()', value: 0.8 }] });
    expect(() => evidentlyPoints(snapshot)).toThrow(expect.objectContaining({ issues: [{ path: 'metrics.0.value', message: expect.stringMatching(/psi is never negative/) }, { path: 'metrics.1.value', message: expect.stringMatching(/ks_p_value lies between 0 and 1/) }] }));
  });

  it("take a WARNING test (Evidently's non-critical failure) as drift, and ignore ERROR and SKIPPED", () => {
    const metric = (id: string) => ({ id, metric_id: `ValueDrift(column=${id},method=PSI,threshold=0.9)`, value: 0.2 });
    const test = (id: string, status: string) => ({ status, metric_config: { metric_id: id } });
    const { points, tests } = evidentlyPoints(parseInput(ZEvidentlySnapshot, { metrics: [metric('w'), metric('e'), metric('s')], tests: [test('w', 'WARNING'), test('e', 'ERROR'), test('s', 'SKIPPED')] }));
    // 0.2 < 0.9: without a usable test verdict the threshold decides (no drift).
    expect(points.map((p) => [p.feature, p.reportedDrift])).toEqual([['w', true], ['e', false], ['s', false]]);
    expect(tests).toEqual({ WARNING: 1, ERROR: 1, SKIPPED: 1 });
  });

  it('posted unchanged with the target and window in the query string: stored and judged (reported figures)', async () => {
    const { deployment, token } = await monitoredDeployment(owner, 'evidently');
    const query = `?deploymentId=${deployment.id}&windowStart=${encodeURIComponent(hoursAgo(24))}&windowEnd=${encodeURIComponent(hoursAgo(0))}&producer=evidently%200.7.20`;
    const response = await postMonitoring(token, SNAPSHOT, query);
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ source: 'evidently', producer: 'evidently 0.7.20', pointCount: 6, tests: { FAIL: 1, SUCCESS: 1 } });
    // income's PSI 0.31 ≥ 0.25 is high for a high-risk system; nothing else in the sample breaches.
    expect(body.breaches.map((b: { metric: string; feature: string; severity: string; valueSource: string }) => [b.metric, b.feature, b.severity, b.valueSource])).toEqual([['psi', 'income', 'high', 'reported']]);
    expect(await getDb().select().from(monitoringPoints).where(eq(monitoringPoints.batchId, body.id))).toHaveLength(6);
  });

  it('without its target and window in the query string: a 400 that names them', async () => {
    const { token } = await monitoredDeployment(owner, 'evidently-bare');
    const response = await postMonitoring(token, SNAPSHOT);
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(['deploymentId', 'windowStart', 'windowEnd']);
  });

  it('keep to the JSON form’s limits: a 300,000-character column or a huge type is a 400 that stores nothing, and a class label becomes a name', async () => {
    const { deployment, token } = await monitoredDeployment(owner, 'evidently-bounds');
    const query = `?deploymentId=${deployment.id}&windowStart=${encodeURIComponent(hoursAgo(24))}&windowEnd=${encodeURIComponent(hoursAgo(0))}`;
    const pointsBefore = (await getDb().select().from(monitoringPoints)).length;
    const long = { metrics: [
      { id: 'm1', metric_name: 'ValueDrift(column=x,method=psi,threshold=0.1)', config: { type: 'evidently:metric_v2:ValueDrift', column: 'F'.repeat(300_000), method: 'psi' }, value: 0.9 },
      { id: 'm2', metric_name: 'Accuracy()', config: { type: `evidently:metric_v2:${'Q'.repeat(100_000)}` }, value: { [`${'k'.repeat(5000)}1`]: 0.5 } },
    ] };
    const response = await postMonitoring(token, long, query);
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(['metrics.0.config.column', 'metrics.1']);
    expect((await getDb().select().from(monitoringPoints)).length).toBe(pointsBefore);
    // PrecisionByLabel's result is keyed by class label, which may hold spaces.
    const { points } = evidentlyPoints(parseInput(ZEvidentlySnapshot, { metrics: [{ metric_name: 'PrecisionByLabel()', value: { 'cat dog': 0.8, '1': 0.9 } }] }));
    expect(points.map((p) => p.metric)).toEqual(['precision_by_label.1', 'precision_by_label.cat_dog']);
  });
});
