/**
 * Monitoring ingest throughput: batches of metric points (half drift results with reference and current histograms,
 * from which the server computes PSI and JS distance, half performance metrics) posted to POST /api/v1/monitoring
 * with an API token, against GET /api/health/live (no database, no authentication) in the same run. Modes are
 * interleaved per round so load from elsewhere hits them alike; medians are shown. Target: ≥ 5,000 points per second.
 * One drift result in a hundred breaches the high tier's rules, so the finding path (raise, then recur) is timed too.
 */
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { closeConnection, getDb } from '@/db';
import { modelVersions } from '@/db/schema';
import { systemActor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { reportDeployment } from '@/lib/lineage/report-deployment';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
import { BASE, startServer, stopServerAndWait } from './next-server';
import { median, ms, printTable } from './report';
import { runMain } from './run-main';
import { prng } from './seed-data';

const ROUNDS = Number(process.env.BENCH_MONITORING_ROUNDS ?? 7);
const BATCHES = [100, 1_000, 10_000];
const BINS = 20;
const BARE_REQUESTS = 50;
const TARGET_PER_S = 5_000;
const r = prng(11);

async function seed() {
  ensureDefaultPolicies(systemActor('bench'));
  const owner = await makeActor(['data_scientist'], 'bench-monitoring');
  const system = makeSystem(owner, { name: 'Card fraud scoring', riskTier: 'high' });
  const model = createModel(owner, { systemId: system.id, name: 'fraud-gbm' });
  const sha = 'c'.repeat(64);
  const version = createModelVersion(owner, { modelId: model.id, version: '3.2.0', artifactSha256: sha, format: 'onnx' });
  getDb().update(modelVersions).set({ stage: 'production' }).where(eq(modelVersions.id, version.id)).run();
  const { deployment } = reportDeployment(owner, { environment: 'production', endpoint: 'https://fraud.example/score', reportedSha256: sha, modelVersionId: version.id });
  const token = createApiToken(systemActor('bench'), owner.userId, { name: 'bench-monitoring', scopes: ['monitoring:write'] }).secret;
  closeConnection();
  return { deploymentId: deployment.id, token };
}

/** A stable feature: the reference shape with a little noise. One feature in a hundred has drifted (its mass moved up). */
const reference = Array.from({ length: BINS }, (_, i) => 200 + 20 * Math.min(i, BINS - i));
const current = (drifted: boolean) => reference.map((c, i) => (drifted ? reference[(i + 3) % BINS]! : c) + r.int(5));

/** `points` points for one window: drift per feature with histograms (computed server-side) and performance metrics. */
function report(deploymentId: string, points: number) {
  const end = new Date(Date.now() - 3_600_000);
  const drifts = Math.ceil(points / 2);
  const edges = Array.from({ length: BINS + 1 }, (_, i) => i * 5);
  return {
    deploymentId,
    window: { start: new Date(end.getTime() - 86_400_000).toISOString(), end: end.toISOString() },
    producer: 'bench',
    drift: Array.from({ length: drifts }, (_, i) => ({ feature: `feature_${i}`, method: 'psi', value: 0.05, driftDetected: false, histograms: { edges, reference, current: current(i % 100 === 0) } })),
    metrics: Array.from({ length: points - drifts }, (_, i) => ({ name: `segment_${i}.roc_auc`, value: 0.8 + r.next() / 10 })),
  };
}

async function timed(run: () => Promise<void>) {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function post(token: string, body: string) {
  const res = await fetch(`${BASE}/api/v1/monitoring`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST /api/v1/monitoring: HTTP ${res.status} ${text.slice(0, 300)}`);
}

async function live() {
  const res = await fetch(`${BASE}/api/health/live`);
  const body = (await res.json()) as { status?: string };
  if (res.status !== 200 || body.status !== 'ok') throw new Error(`GET /api/health/live: HTTP ${res.status}`);
}

async function main() {
  const dataDir = process.env.DATA_DIR;
  if (!dataDir) throw new Error('DATA_DIR must point at a fresh data directory.');
  const { deploymentId, token } = await seed();
  await startServer(dataDir, path.join(path.dirname(dataDir), 'monitoring-server.log'));
  const bodies = new Map(BATCHES.map((n) => [n, JSON.stringify(report(deploymentId, n))]));
  const bare: number[] = [];
  const ingest = new Map<number, number[]>(BATCHES.map((n) => [n, []]));
  for (let round = -1; round < ROUNDS; round++) {
    const bareMs = await timed(async () => {
      for (let i = 0; i < BARE_REQUESTS; i++) await live();
    });
    if (round >= 0) bare.push(bareMs / BARE_REQUESTS);
    for (const n of BATCHES) {
      const elapsed = await timed(() => post(token, bodies.get(n)!));
      if (round >= 0) ingest.get(n)!.push(elapsed);
    }
  }
  await stopServerAndWait();
  const bareMedian = median(bare);
  console.log(`\nMonitoring ingest: ${ROUNDS} interleaved rounds after one warm-up, sequential requests on loopback; half of each batch drift with ${BINS}-bin histograms (PSI and JS computed by the server)`);
  printTable(
    ['target', 'points/request', 'median ms/request', 'x bare', 'points/s', `target: >= ${TARGET_PER_S} points/s`],
    [
      ['GET /api/health/live (bare)', '-', ms(bareMedian), '1.0x', '-', 'baseline'],
      ...BATCHES.map((n) => {
        const med = median(ingest.get(n)!);
        const perSecond = Math.round(n / (med / 1000));
        return ['POST /api/v1/monitoring', n, ms(med), `${(med / bareMedian).toFixed(1)}x`, perSecond, perSecond >= TARGET_PER_S ? 'met' : 'MISSED'];
      }),
    ],
  );
}

runMain(main);
