/**
 * Monitoring ingest throughput: batches of metric points (half drift results with reference and current histograms,
 * from which the server computes PSI and JS distance, half performance metrics) posted to POST /api/v1/monitoring
 * with an API token, against GET /api/health/live (no database, no authentication) in the same run. Modes are
 * interleaved per round so load from elsewhere hits them alike; medians are shown. Target: ≥ 5,000 points per second.
 * One drift result in a hundred breaches the high tier's rules, so the finding path (raise, then recur) is timed too.
 * A probe (GET /api/health/live in a loop) runs beside every post: its worst latency is the longest the post held the
 * event loop (DESIGN invariant 13), shown next to the rate; the largest allowed post (100,000 histogram counts:
 * 250 results of 200 bins, plus 9,750 metrics) is timed the same way.
 */
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { closeConnection, unguardedWriter } from '@/db';
import { modelVersions } from '@/db/schema';
import { systemActor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { reportDeployment } from '@/lib/lineage/report-deployment';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { MAX_BINS, MAX_HISTOGRAM_COUNTS_PER_REQUEST, MAX_POINTS_PER_REQUEST } from '@/lib/monitoring/schemas';
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
  await ensureDefaultPolicies(systemActor('bench'));
  const owner = await makeActor(['data_scientist'], 'bench-monitoring');
  const system = await makeSystem(owner, { name: 'Card fraud scoring', riskTier: 'high' });
  const model = await createModel(owner, { systemId: system.id, name: 'fraud-gbm' });
  const sha = 'c'.repeat(64);
  const version = await createModelVersion(owner, { modelId: model.id, version: '3.2.0', artifactSha256: sha, format: 'onnx' });
  await unguardedWriter().update(modelVersions).set({ stage: 'production' }).where(eq(modelVersions.id, version.id));
  const { deployment } = await reportDeployment(owner, { environment: 'production', endpoint: 'https://fraud.example/score', reportedSha256: sha, modelVersionId: version.id });
  const token = (await createApiToken(systemActor('bench'), owner.userId, { name: 'bench-monitoring', scopes: ['monitoring:write'] })).secret;
  closeConnection();
  return { deploymentId: deployment.id, token };
}

/** A stable feature: the reference shape with a little noise. One feature in a hundred has drifted (its mass moved up). */
const reference = Array.from({ length: BINS }, (_, i) => 200 + 20 * Math.min(i, BINS - i));
const current = (drifted: boolean) => reference.map((c, i) => (drifted ? reference[(i + 3) % BINS]! : c) + r.int(5));

/** The largest post allowed: every histogram count the budget admits, in 200-bin histograms, and metrics up to 10,000 points. */
const LARGEST = 'largest';
const WIDE_DRIFTS = MAX_HISTOGRAM_COUNTS_PER_REQUEST / (2 * MAX_BINS);
const wideReference = Array.from({ length: MAX_BINS }, (_, i) => 50 + (i % 7));

/** `points` points for one window: drift per feature with histograms (computed server-side) and performance metrics. */
function report(deploymentId: string, points: number, wide = false) {
  const end = new Date(Date.now() - 3_600_000);
  // Half the points are drift results, as far as the per-request budget of histogram counts allows.
  const drifts = wide ? WIDE_DRIFTS : Math.min(Math.ceil(points / 2), Math.floor(MAX_HISTOGRAM_COUNTS_PER_REQUEST / (2 * BINS)));
  const bins = wide ? MAX_BINS : BINS;
  const edges = Array.from({ length: bins + 1 }, (_, i) => i * 5);
  const histograms = (i: number) => (wide ? { edges, reference: wideReference, current: wideReference.map((c, b) => c + ((b + i) % 3)) } : { edges, reference, current: current(i % 100 === 0) });
  return {
    deploymentId,
    window: { start: new Date(end.getTime() - 86_400_000).toISOString(), end: end.toISOString() },
    producer: 'bench',
    drift: Array.from({ length: drifts }, (_, i) => ({ feature: `feature_${i}`, method: 'psi', value: 0.05, driftDetected: false, histograms: histograms(i) })),
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

/** Runs `work` with a probe looping beside it; answers the probe's worst latency (ms) while the work ran. */
async function probed(work: () => Promise<void>): Promise<number> {
  let running = true;
  let worst = 0;
  const probe = (async () => {
    while (running) {
      const started = performance.now();
      await live();
      worst = Math.max(worst, performance.now() - started);
    }
  })();
  await work();
  running = false;
  await probe;
  return worst;
}

async function main() {
  const dataDir = process.env.DATA_DIR;
  if (!dataDir) throw new Error('DATA_DIR must point at a fresh data directory.');
  const { deploymentId, token } = await seed();
  await startServer(dataDir, path.join(path.dirname(dataDir), 'monitoring-server.log'));
  const modes = [...BATCHES.map((n) => ({ key: String(n), points: n, body: JSON.stringify(report(deploymentId, n)) })), { key: LARGEST, points: MAX_POINTS_PER_REQUEST, body: JSON.stringify(report(deploymentId, MAX_POINTS_PER_REQUEST, true)) }];
  const bare: number[] = [];
  const ingest = new Map<string, number[]>(modes.map((m) => [m.key, []]));
  const stalls = new Map<string, number[]>(modes.map((m) => [m.key, []]));
  for (let round = -1; round < ROUNDS; round++) {
    const bareMs = await timed(async () => {
      for (let i = 0; i < BARE_REQUESTS; i++) await live();
    });
    if (round >= 0) bare.push(bareMs / BARE_REQUESTS);
    for (const mode of modes) {
      let elapsed = 0;
      const stall = await probed(async () => {
        elapsed = await timed(() => post(token, mode.body));
      });
      if (round >= 0) {
        ingest.get(mode.key)!.push(elapsed);
        stalls.get(mode.key)!.push(stall);
      }
    }
  }
  await stopServerAndWait();
  const bareMedian = median(bare);
  console.log(`\nMonitoring ingest: ${ROUNDS} interleaved rounds after one warm-up, sequential posts on loopback with a GET /api/health/live probe looping beside each; half of each batch drift with ${BINS}-bin histograms (PSI and JS computed by the server); "largest" = ${WIDE_DRIFTS} drift results of ${MAX_BINS} bins (${MAX_HISTOGRAM_COUNTS_PER_REQUEST} counts, the budget) + ${MAX_POINTS_PER_REQUEST - WIDE_DRIFTS} metrics`);
  printTable(
    ['target', 'points/request', 'median ms/request', 'x bare', 'points/s', `target: >= ${TARGET_PER_S} points/s`, 'probe worst ms (median of rounds)', 'probe worst ms (max)'],
    [
      ['GET /api/health/live (bare)', '-', ms(bareMedian), '1.0x', '-', 'baseline', '-', '-'],
      ...modes.map((mode) => {
        const med = median(ingest.get(mode.key)!);
        const perSecond = Math.round(mode.points / (med / 1000));
        const label = mode.key === LARGEST ? 'POST /api/v1/monitoring (largest)' : 'POST /api/v1/monitoring';
        return [label, mode.points, ms(med), `${(med / bareMedian).toFixed(1)}x`, perSecond, perSecond >= TARGET_PER_S ? 'met' : 'MISSED', ms(median(stalls.get(mode.key)!)), ms(Math.max(...stalls.get(mode.key)!))];
      }),
    ],
  );
}

runMain(main);
