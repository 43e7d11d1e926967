/**
 * Issue 9, item 5: does the largest allowed request stall the others? Serves the production build on a fresh
 * DATA_DIR and times a bare GET /status (sequential, loopback) alone, beside a loop of the largest allowed
 * model-index import, beside a loop of the largest allowed OpenLineage event, and beside both; modes interleaved
 * per round so load from elsewhere falls on all alike. Every heavy request writes (new values, new datasets).
 * BENCH_BOUNDS=only runs just this bench from `npm run bench`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeConnection, getConnection } from '@/db';
import { createApiToken } from '@/lib/auth/create-api-token';
import { MODEL_INDEX_LIMITS } from '@/lib/evidence/model-index';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { LINEAGE_LIMITS } from '@/lib/lineage/bounds';
import { makeActor, makeSystem } from '@/lib/testing';
import { BASE, startServer, stopServerAndWait } from './next-server';
import { median, ms, percentile, printTable } from './report';
import { runMain } from './run-main';

const ROUNDS = Number(process.env.BENCH_BOUNDS_ROUNDS ?? 2);
const REQUESTS = Number(process.env.BENCH_BOUNDS_REQUESTS ?? 40);
const DIGEST = 'e'.repeat(64);

async function seed(dataDir: string) {
  if (!dataDir.startsWith(path.resolve(os.tmpdir()) + path.sep)) throw new Error(`DATA_DIR must be under ${os.tmpdir()}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  getConnection();
  const ds = await makeActor(['data_scientist'], 'bench');
  const model = await createModel(ds, { systemId: (await makeSystem(ds)).id, name: 'speech' });
  const version = await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: DIGEST, format: 'safetensors' });
  const token = (await createApiToken(ds, ds.userId, { name: 'bench', scopes: ['register', 'lineage:write'] })).secret;
  closeConnection();
  return { token, versionId: version.id };
}

/** The largest import allowed: 100 results, 500 metrics, as block YAML just under the 32 KiB bound. */
function largestCard(iteration: number) {
  const { results, metrics } = MODEL_INDEX_LIMITS;
  const result = (r: number) =>
    `  - task: {type: automatic-speech-recognition}\n    dataset: {name: cv-${r}, split: test}\n    metrics:\n` +
    Array.from({ length: metrics / results }, (_, i) => `    - {type: wer, value: ${iteration}.${r}${i}}\n`).join('');
  const card = `---\nlicense: apache-2.0\nmodel-index:\n- name: bench\n  results:\n${Array.from({ length: results }, (_, r) => result(r)).join('')}---\n`;
  if (Buffer.byteLength(card) > MODEL_INDEX_LIMITS.sourceBytes) throw new Error(`The bench card is ${Buffer.byteLength(card)} bytes, over the bound.`);
  return card;
}

/** The largest lineage event allowed: as many new datasets as a request may name, half inputs, half outputs. */
function largestEvent(iteration: number) {
  const side = (kind: string) => Array.from({ length: LINEAGE_LIMITS.datasetsPerRequest / 2 }, (_, i) => ({ namespace: 'postgres://warehouse:5432', name: `bench.${kind}_${iteration}_${i}` }));
  return {
    eventType: 'COMPLETE',
    eventTime: new Date().toISOString(),
    run: { runId: crypto.randomUUID() },
    job: { namespace: 'airflow://bench', name: `wide_job_${iteration}` },
    inputs: side('in'),
    outputs: side('out'),
    producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.30.0/client/python',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  };
}

async function post(token: string, url: string, body: unknown, expected: number[]) {
  const started = performance.now();
  const res = await fetch(BASE + url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!expected.includes(res.status)) throw new Error(`POST ${url}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return performance.now() - started;
}

async function timeStatus(): Promise<number> {
  const started = process.hrtime.bigint();
  const res = await fetch(`${BASE}/status`);
  const body = await res.text();
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.status !== 200 || !body.includes('Provenant is running')) throw new Error(`GET /status: HTTP ${res.status}`);
  return elapsed;
}

type Loop = 'import' | 'lineage';
type Mode = { label: string; loops: Loop[] };
const MODES: Mode[] = [
  { label: 'alone', loops: [] },
  { label: 'beside the largest import', loops: ['import'] },
  { label: 'beside the largest lineage event', loops: ['lineage'] },
  { label: 'beside both', loops: ['import', 'lineage'] },
];

async function main() {
  const dataDir = path.resolve(process.env.DATA_DIR ?? '');
  const { token, versionId } = await seed(dataDir);
  await startServer(dataDir, path.join(path.dirname(dataDir), 'bounds-server.log'));
  let iteration = 0;
  const heavy: Record<Loop, number[]> = { import: [], lineage: [] };
  const once: Record<Loop, () => Promise<number>> = {
    import: () => post(token, '/api/v1/evaluations/import', { modelVersionId: versionId, environment: 'staging', artifactSha256: DIGEST, content: largestCard(++iteration) }, [201]),
    lineage: () => post(token, '/api/v1/lineage', largestEvent(++iteration), [201]),
  };
  try {
    for (const loop of ['import', 'lineage'] as const) await once[loop](); // warm-up: route compilation, schema compilation
    for (let i = 0; i < 20; i++) await timeStatus();
    const samples = MODES.map((): number[] => []);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [m, mode] of MODES.entries()) {
        let running = true;
        const loops = mode.loops.map(async (loop) => {
          while (running) heavy[loop].push(await once[loop]());
        });
        for (let i = 0; i < REQUESTS; i++) samples[m]!.push(await timeStatus());
        running = false;
        await Promise.all(loops);
      }
    }
    const [aloneMedian, aloneP95] = [median(samples[0]!), percentile(samples[0]!, 95)];
    console.log(`\nBare request beside the largest allowed requests: GET /status, ${ROUNDS} rounds x ${REQUESTS} sequential requests per mode, modes interleaved (ms)`);
    console.log(`Largest import: ${MODEL_INDEX_LIMITS.results} results, ${MODEL_INDEX_LIMITS.metrics} metrics, ${Buffer.byteLength(largestCard(1))} bytes of YAML; largest lineage event: ${LINEAGE_LIMITS.datasetsPerRequest / 2} new input and ${LINEAGE_LIMITS.datasetsPerRequest / 2} new output datasets.`);
    printTable(
      ['GET /status', 'n', 'median', 'p95', 'max', 'median/alone', 'p95/alone'],
      MODES.map((mode, m) => {
        const s = samples[m]!;
        return [mode.label, s.length, ms(median(s)), ms(percentile(s, 95)), ms(Math.max(...s)), `${(median(s) / aloneMedian).toFixed(1)}x`, `${(percentile(s, 95) / aloneP95).toFixed(1)}x`];
      }),
    );
    console.log('\nThe heavy requests themselves (client-side latency, ms):');
    printTable(
      ['request', 'n', 'median', 'p95', 'max'],
      (['import', 'lineage'] as const).map((loop) => [loop === 'import' ? 'POST /api/v1/evaluations/import (largest)' : 'POST /api/v1/lineage (largest event)', heavy[loop].length, ms(median(heavy[loop])), ms(percentile(heavy[loop], 95)), ms(Math.max(...heavy[loop]))]),
    );
  } finally {
    await stopServerAndWait();
  }
}

runMain(main);
