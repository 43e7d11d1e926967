/**
 * OpenLineage ingest throughput: distinct, valid RunEvents (a START then a COMPLETE per runId, varied jobs and
 * datasets) posted to POST /api/v1/lineage one at a time and from a few concurrent clients, against GET /status
 * in the same modes. Each client keeps START before COMPLETE for its runs, as a real scheduler does.
 */
import { randomUUID } from 'node:crypto';
import { BASE } from './next-server';
import { printTable } from './report';
import { prng } from './seed-data';

const PAIRS = Number(process.env.BENCH_INGEST_PAIRS ?? 1000);
const CONCURRENCY = 4;
const BATCH = 50;
const STATUS_REQUESTS = 2000;
const TARGET_PER_S = 500;
const r = prng(42);

function runEvents(i: number) {
  const job = { namespace: `airflow://team-${i % 20}`, name: `dag_${i % 150}.train_task_${i % 7}` };
  const table = (n: number) => ({ namespace: 'postgres://warehouse:5432', name: `analytics.features_${n}`, facets: { version: { _producer: 'https://example.com/bench', _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json', datasetVersion: `v${n % 5}` } } });
  const base = { run: { runId: randomUUID() }, job, producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.30.0/client/python', schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent' };
  // Inputs come from a shared pool of 800 tables (so datasets repeat, as in a warehouse); each run writes its own.
  const io = { inputs: [table(r.int(800)), table(r.int(800))], outputs: [{ namespace: 's3://bench-outputs', name: `runs/${base.run.runId}/predictions` }] };
  const start = new Date(Date.UTC(2026, 10, 1) + i * 60_000);
  return [
    { eventType: 'START', eventTime: start.toISOString(), ...base, ...io },
    { eventType: 'COMPLETE', eventTime: new Date(start.getTime() + 45_000).toISOString(), ...base, ...io },
  ];
}

async function post(token: string, event: unknown) {
  const res = await fetch(`${BASE}/api/v1/lineage`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(event) });
  const body = await res.text();
  if (res.status !== 201) throw new Error(`POST /api/v1/lineage: HTTP ${res.status} ${body.slice(0, 300)}`);
}

async function getStatus() {
  const res = await fetch(`${BASE}/status`);
  const body = await res.text();
  if (res.status !== 200 || !body.includes('Provenant is running')) throw new Error(`GET /status: HTTP ${res.status}`);
}

/** Runs `jobs` (each a sequence of requests) on `clients` concurrent workers; answers requests per second. */
async function throughput(jobs: (() => Promise<void>)[], clients: number): Promise<{ n: number; perSecond: number }> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < jobs.length) await jobs[next++]!();
  }));
  return { n: jobs.length, perSecond: jobs.length / ((performance.now() - started) / 1000) };
}

export async function measureIngest(token: string) {
  let offset = 0;
  const ingestJobs = (pairs: number) => Array.from({ length: pairs }, () => runEvents(offset++)).flatMap(([start, complete]) => [() => post(token, start), () => post(token, complete)]);
  // Pairs are kept adjacent in the list, and a pair is one job when run concurrently so START lands first.
  const pairJobs = (pairs: number) => Array.from({ length: pairs }, () => runEvents(offset++)).map(([start, complete]) => async () => {
    await post(token, start);
    await post(token, complete);
  });
  const statusJobs = (n: number) => Array.from({ length: n }, () => getStatus);
  // Batches of BATCH events per POST (the API takes an array), START and COMPLETE of a run in the same batch.
  const batchJobs = (pairs: number) => {
    const events = Array.from({ length: pairs }, () => runEvents(offset++)).flat();
    return Array.from({ length: Math.ceil(events.length / BATCH) }, (_, i) => () => post(token, events.slice(i * BATCH, (i + 1) * BATCH)));
  };

  await throughput(ingestJobs(50), 1); // warm-up: JIT, route compilation, page cache
  await throughput(statusJobs(100), 1);
  const rows: [string, number, { n: number; perSecond: number }][] = [];
  rows.push(['GET /status', 1, await throughput(statusJobs(STATUS_REQUESTS), 1)]);
  rows.push(['POST /api/v1/lineage (RunEvent)', 1, await throughput(ingestJobs(PAIRS), 1)]);
  rows.push(['GET /status', CONCURRENCY, await throughput(statusJobs(STATUS_REQUESTS), CONCURRENCY)]);
  const concurrent = await throughput(pairJobs(PAIRS), CONCURRENCY);
  rows.push(['POST /api/v1/lineage (RunEvent)', CONCURRENCY, { n: concurrent.n * 2, perSecond: concurrent.perSecond * 2 }]);
  const batched = await throughput(batchJobs(PAIRS), 1);
  rows.push([`POST /api/v1/lineage (${BATCH} events per request)`, 1, { n: batched.n * BATCH, perSecond: batched.perSecond * BATCH }]);

  console.log(`\nOpenLineage ingest: ${PAIRS} START+COMPLETE pairs per mode (distinct runIds, 150 jobs, 800 input tables), against GET /status in the same modes`);
  printTable(
    ['requests', 'clients', 'n', 'per second', 'ms each (mean)', 'vs /status', `target: >= ${TARGET_PER_S} events/s`],
    rows.map(([label, clients, t]) => {
      const status = rows.find(([l, c]) => l === 'GET /status' && c === clients)![2];
      const isStatus = label === 'GET /status';
      return [label, clients, t.n, t.perSecond.toFixed(0), ((1000 * clients) / t.perSecond).toFixed(2), `${((t.perSecond / status.perSecond) * 100).toFixed(0)}%`, isStatus ? 'baseline' : t.perSecond >= TARGET_PER_S ? 'met' : 'MISSED'];
    }),
  );
}
