import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, first as firstRow } from '@/db';
import { auditEvents, findings, monitoringBatches, monitoringPoints } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { Forbidden } from '@/lib/errors';
import { formatDateTime } from '@/lib/format/date-time';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { reportDeployment } from '@/lib/lineage/report-deployment';
import { makeActor } from '@/lib/testing';
import { recordMonitoring } from './record-monitoring';
import { hoursAgo, monitoredDeployment, postMonitoring } from './test-setup';

let owner: Actor;
let other: Actor;
let auditor: Actor;
let target: Awaited<ReturnType<typeof monitoredDeployment>>;

const rows = async (table: typeof monitoringBatches | typeof monitoringPoints | typeof auditEvents | typeof findings) => firstRow(await getDb().select({ n: count() }).from(table).limit(1))!.n;
const counts = async () => ({ batches: await rows(monitoringBatches), points: await rows(monitoringPoints), audit: await rows(auditEvents), findings: await rows(findings) });
const window = { start: hoursAgo(25), end: hoursAgo(1) };
const shifted = { edges: [0, 10, 20, 30], reference: [50, 50, 0], current: [25, 75, 0] };
const wideHistograms = { edges: Array.from({ length: 201 }, (_, i) => i), reference: Array(200).fill(5), current: Array(200).fill(6) };

beforeAll(async () => {
  [owner, other, auditor] = await Promise.all([makeActor(['data_scientist'], 'owner'), makeActor(['data_scientist'], 'other'), makeActor(['auditor'])]);
  target = await monitoredDeployment(owner, 'ingest');
});

describe('POST /api/v1/monitoring, JSON form', () => {
  it('stores one batch, its points with the server-computed PSI and JS, and one audit event', async () => {
    const before = await counts();
    const response = await postMonitoring(target.token, {
      deploymentId: target.deployment.id,
      window,
      producer: 'nightly-job',
      metrics: [{ name: 'ROC_AUC', value: 0.91 }],
      drift: [{ feature: 'age', method: 'psi', value: 0.01, driftDetected: false, histograms: { edges: [0, 1, 2], reference: [10, 10], current: [10, 10] } }],
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ modelVersionId: target.version.id, deploymentId: target.deployment.id, source: 'json', pointCount: 2, computedCount: 1, breaches: [] });
    expect(await counts()).toEqual({ ...before, batches: before.batches + 1, points: before.points + 2, audit: before.audit + 1 });
    const points = await getDb().select().from(monitoringPoints).where(eq(monitoringPoints.batchId, body.id));
    expect(points.find((p) => p.metric === 'roc_auc')).toMatchObject({ feature: null, value: 0.91, valueSource: 'reported', computedPsi: null });
    expect(points.find((p) => p.metric === 'psi')).toMatchObject({ feature: 'age', value: 0, valueSource: 'computed', reportedValue: 0.01, reportedDrift: false, computedJs: 0 });
    const event = await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, body.id));
    expect(event.map((e) => e.action)).toEqual(['monitoring.reported']);
  });

  it("shows a producer's 'no drift' that the server's PSI contradicts, and raises one finding across repeated posts", async () => {
    const post = () => postMonitoring(target.token, { deploymentId: target.deployment.id, window, drift: [{ feature: 'income', method: 'psi', value: 0.02, driftDetected: false, histograms: shifted }] });
    const first = await (await post()).json();
    // PSI 0.2747 breaches the high tier's psi ≥ 0.25 (high); its JS distance 0.1839 breaches js_distance ≥ 0.1 (medium).
    expect(first.breaches).toEqual([
      expect.objectContaining({ metric: 'psi', feature: 'income', valueSource: 'computed', reportedValue: 0.02, contradictsProducer: true, severity: 'high', threshold: 0.25, outcome: 'created', occurrences: 1 }),
      expect.objectContaining({ metric: 'js_distance', feature: 'income', valueSource: 'computed', severity: 'medium', threshold: 0.1, outcome: 'created' }),
    ]);
    expect(first.breaches[0].value).toBeCloseTo(0.274653, 5);
    expect(first.breaches[0].findingRef).toBe(`F-${first.breaches[0].findingNumber}`);
    const second = await (await post()).json();
    const third = await (await post()).json();
    expect([second.breaches[0].outcome, third.breaches[0].outcome]).toEqual(['recurred', 'recurred']);
    expect(third.breaches[0]).toMatchObject({ findingId: first.breaches[0].findingId, occurrences: 3 });
    const rows = await getDb().select().from(findings).where(eq(findings.dedupeKey, `monitoring:${target.version.id}:psi:income`));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'monitoring_breach', severity: 'high', occurrences: 3, source: 'monitoring', subjectType: 'model_version', ownerId: owner.userId });
    // The window as people read times (YYYY-MM-DD HH:MM UTC), not the raw ISO stamp.
    expect(rows[0]!.description).toContain(`for the window ${formatDateTime(window.start)} to ${formatDateTime(window.end)}`);
    expect(rows[0]!.description).not.toContain(new Date(window.start).toISOString());
  });

  it('raises at most 100 findings of its own per batch, severest first; the rest share one, and a repeat adds none', async () => {
    const wide = await monitoredDeployment(owner, 'wide');
    const drift = Array.from({ length: 150 }, (_, i) => ({ feature: `f${i}`, histograms: shifted }));
    const post = async () => (await postMonitoring(wide.token, { deploymentId: wide.deployment.id, window, drift })).json();
    const first = await post();
    // Each feature breaches psi ≥ 0.25 (high) and js_distance ≥ 0.1 (medium): 300 breaches, the 150 high ones first.
    expect(first.breaches).toHaveLength(300);
    expect(first.breaches.slice(0, 100).every((b: { severity: string }) => b.severity === 'high')).toBe(true);
    const ids = new Set(first.breaches.map((b: { findingId: string }) => b.findingId));
    expect(ids.size).toBe(101);
    const shared = firstRow(await getDb().select().from(findings).where(eq(findings.dedupeKey, `monitoring:${wide.version.id}:*:`)).limit(1))!;
    expect(shared).toMatchObject({ severity: 'high', title: 'Monitoring breach: 200 more series in one batch' });
    expect(shared.description).toContain('200 share this finding: ');
    const before = await rows(findings);
    await post();
    expect(await rows(findings)).toBe(before);
    expect(firstRow(await getDb().select().from(findings).where(eq(findings.id, shared.id)).limit(1))!.occurrences).toBe(2);
  });

  it('keeps the shared finding’s description to a finding’s 8,000 characters however long the names it lists', async () => {
    const long = await monitoredDeployment(owner, 'long-names');
    const drift = Array.from({ length: 150 }, (_, i) => ({ feature: `${String(i).padStart(3, '0')}${'n'.repeat(197)}`, method: 'psi', value: 0.9 }));
    expect((await postMonitoring(long.token, { deploymentId: long.deployment.id, window, producer: 'P'.repeat(300), drift })).status).toBe(201);
    const shared = firstRow(await getDb().select().from(findings).where(eq(findings.dedupeKey, `monitoring:${long.version.id}:*:`)).limit(1))!;
    expect(shared.description.length).toBeLessThanOrEqual(8000);
    expect(shared.description).toMatch(/50 share this finding: psi of 100n+ = 0\.9 .*…\.$/);
  });

  it('keeps a breach finding’s title to a finding’s 200 characters when the feature takes its 200', async () => {
    const feature = `f${'e'.repeat(199)}`;
    const body = await (await postMonitoring(target.token, { deploymentId: target.deployment.id, window, drift: [{ feature, method: 'psi', value: 0.9 }] })).json();
    const finding = firstRow(await getDb().select().from(findings).where(eq(findings.id, body.breaches[0].findingId)).limit(1))!;
    expect(finding.title).toHaveLength(200);
    expect(finding.title).toMatch(/^Monitoring breach: psi of fe+…$/);
    expect(finding.description).toContain(feature);
  });

  it('takes a model version as the target too', async () => {
    const response = await postMonitoring(target.token, { modelVersionId: target.version.id, window, metrics: [{ name: 'accuracy', value: 0.8 }] });
    expect(response.status).toBe(201);
    expect((await response.json()).deploymentId).toBeNull();
  });
});

describe('what the production rules judge', () => {
  const drift = [{ feature: 'income', method: 'psi', value: 0.02, driftDetected: false, histograms: shifted }];

  it('stores but does not judge a version that is not in production, and says why', async () => {
    const version = await createModelVersion(owner, { modelId: target.version.modelId, version: '2.0-dev', artifactSha256: 'd'.repeat(64), format: 'onnx' });
    const before = await counts();
    const response = await postMonitoring(target.token, { modelVersionId: version.id, window, drift });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ judged: false, breaches: [], pointCount: 1 });
    expect(body.notJudged).toContain('development, not production');
    expect(await counts()).toMatchObject({ batches: before.batches + 1, points: before.points + 1, findings: before.findings });
  });

  it("judges neither a staging deployment's results, though its version is in production", async () => {
    const sha = Buffer.from('ingest'.padEnd(32, '0').slice(0, 32)).toString('hex');
    const { deployment } = await reportDeployment(owner, { environment: 'staging', endpoint: 'https://staging.ingest.example/predict', reportedSha256: sha, modelVersionId: target.version.id });
    const body = await (await postMonitoring(target.token, { deploymentId: deployment.id, window, drift })).json();
    expect(body).toMatchObject({ judged: false, breaches: [] });
    expect(body.notJudged).toContain('staging deployment');
  });

  it('judges a production deployment', async () => {
    const body = await (await postMonitoring(target.token, { deploymentId: target.deployment.id, window, drift })).json();
    expect(body).toMatchObject({ judged: true, notJudged: null });
    expect(body.breaches.length).toBeGreaterThan(0);
  });
});

describe('bad input: a field-level 400 and nothing stored', () => {
  const base = () => ({ deploymentId: target.deployment.id, window, drift: [{ feature: 'x', value: 0.1 }] });
  const cases: [string, () => { body?: unknown; raw?: string }, string][] = [
    ['a number too large for a double (1e999 parses to Infinity)', () => ({ raw: JSON.stringify(base()).replace('"value":0.1', '"value":1e999') }), 'drift.0.value'],
    ['a number sent as a string', () => ({ body: { ...base(), metrics: [{ name: 'auc', value: '0.9' }] } }), 'metrics.0.value'],
    ['edges and counts that disagree in length', () => ({ body: { ...base(), drift: [{ feature: 'x', histograms: { ...shifted, current: [1, 2] } }] } }), 'drift.0.histograms.current'],
    ['edges that do not increase', () => ({ body: { ...base(), drift: [{ feature: 'x', histograms: { ...shifted, edges: [0, 10, 10, 30] } }] } }), 'drift.0.histograms.edges.2'],
    ['a negative count', () => ({ body: { ...base(), drift: [{ feature: 'x', histograms: { ...shifted, reference: [50, -1, 0] } }] } }), 'drift.0.histograms.reference.1'],
    ['counts too large to add up (1e308 + 1e308 overflows to Infinity)', () => ({ body: { ...base(), drift: [{ feature: 'x', histograms: { edges: [0, 1, 2], reference: [1e308, 1e308], current: [1, 1] } }] } }), 'drift.0.histograms.reference.0'],
    ['safe counts whose total passes 2^53 − 1', () => ({ body: { ...base(), drift: [{ feature: 'x', histograms: { edges: [0, 1, 2], reference: [1, 1], current: [9e15, 9e15] } }] } }), 'drift.0.histograms.current'],
    ['a fractional count', () => ({ body: { ...base(), drift: [{ feature: 'x', histograms: { edges: [0, 1, 2], reference: [2.5, 1], current: [1, 1] } }] } }), 'drift.0.histograms.reference.0'],
    ['a window starting before 2000-01-01', () => ({ body: { ...base(), window: { start: '0001-01-01T00:00:00Z', end: hoursAgo(1) } } }), 'window.start'],
    ['a window longer than 366 days', () => ({ body: { ...base(), window: { start: hoursAgo(367 * 24 + 1), end: hoursAgo(1) } } }), 'window.end'],
    ['histograms of more than 100,000 counts in all (here 600 × 2 × 200)', () => ({ body: { ...base(), drift: Array.from({ length: 600 }, (_, i) => ({ feature: `f${i}`, histograms: wideHistograms })) } }), 'drift.250.histograms'],
    ['all-zero counts', () => ({ body: { ...base(), drift: [{ feature: 'x', histograms: { ...shifted, current: [0, 0, 0] } }] } }), 'drift.0.histograms.current'],
    ['a drift result with neither value nor histograms', () => ({ body: { ...base(), drift: [{ feature: 'x' }] } }), 'drift.0.value'],
    ['a negative p-value (a pipeline’s -1 for "not computed")', () => ({ body: { ...base(), drift: [{ feature: 'x', method: 'ks_p_value', value: -1 }] } }), 'drift.0.value'],
    ['a p-value above 1, named as Evidently names the test', () => ({ body: { ...base(), drift: [{ feature: 'x', method: 'K-S p_value', value: 1.5 }] } }), 'drift.0.value'],
    ['a negative PSI', () => ({ body: { ...base(), drift: [{ feature: 'x', method: 'psi', value: -0.2 }] } }), 'drift.0.value'],
    ['a Jensen-Shannon distance above 1', () => ({ body: { ...base(), drift: [{ feature: 'x', method: 'jensenshannon', value: 2 }] } }), 'drift.0.value'],
    ['a window ending in the future (beyond five minutes of skew)', () => ({ body: { ...base(), window: { start: hoursAgo(1), end: hoursAgo(-0.2) } } }), 'window.end'],
    ['a window starting after it ends', () => ({ body: { ...base(), window: { start: hoursAgo(1), end: hoursAgo(2) } } }), 'window.start'],
    ['an unknown deployment', () => ({ body: { ...base(), deploymentId: 'no-such-deployment' } }), 'deploymentId'],
    ['an unknown model version', () => ({ body: { window, modelVersionId: 'no-such-version', metrics: [{ name: 'auc', value: 1 }] } }), 'modelVersionId'],
    ['both a deployment and a version', () => ({ body: { ...base(), modelVersionId: target.version.id } }), 'deploymentId'],
    ['more than 10,000 points', () => ({ body: { ...base(), metrics: Array.from({ length: 10_000 }, (_, i) => ({ name: `m${i}`, value: i })) } }), 'drift'],
  ];
  it.each(cases)('%s', async (_, make, path) => {
    const before = await counts();
    const { body, raw } = make();
    const response = await postMonitoring(target.token, body, '', raw);
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(await counts()).toEqual(before);
  });

  it('a window within the five minutes of clock skew is accepted', async () => {
    const response = await postMonitoring(target.token, { ...base(), window: { start: hoursAgo(1), end: hoursAgo(-0.05) } });
    expect(response.status).toBe(201);
  });
});

describe('who may report', () => {
  it('refuses a deployment whose bytes match no registered version with 409', async () => {
    const { deployment } = await reportDeployment(owner, { environment: 'production', endpoint: 'https://untracked.example/predict', reportedSha256: 'f'.repeat(64) });
    const before = await counts();
    const response = await postMonitoring(target.token, { deploymentId: deployment.id, window, metrics: [{ name: 'auc', value: 0.9 }] });
    expect(response.status).toBe(409);
    expect(await counts()).toEqual(before);
  });

  it('refuses a token without the monitoring:write scope', async () => {
    const readOnly = (await createApiToken(systemActor('test'), owner.userId, { name: 'read-only', scopes: ['read'] })).secret;
    const response = await postMonitoring(readOnly, { deploymentId: target.deployment.id, window, metrics: [{ name: 'auc', value: 0.9 }] });
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toContain('scope');
  });

  it("refuses another owner's deployment, even with the scope", async () => {
    const othersToken = (await createApiToken(systemActor('test'), other.userId, { name: 'other', scopes: ['monitoring:write'] })).secret;
    const before = await counts();
    const response = await postMonitoring(othersToken, { deploymentId: target.deployment.id, window, metrics: [{ name: 'auc', value: 0.9 }] });
    expect(response.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('refuses an auditor', async () => {
    await expect(recordMonitoring(auditor, { deploymentId: target.deployment.id, window, metrics: [{ name: 'auc', value: 0.9 }] }, {})).rejects.toThrow(Forbidden);
  });
});
