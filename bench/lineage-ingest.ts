/**
 * OpenLineage ingest throughput: distinct, valid RunEvents (a START then a COMPLETE per runId, varied jobs and
 * datasets) posted to POST /api/v1/lineage one at a time, from a few concurrent clients and in batches, against
 * GET /status in the same modes. Each client keeps START before COMPLETE for its runs, as a real scheduler does.
 * Every mode runs once per round, rounds interleaved so load from elsewhere hits all modes alike; medians are shown.
 */
import { randomUUID } from 'node:crypto';
import { BASE, serverPid } from './next-server';
import { processCpuSeconds } from './process-cpu';
import { median, printTable } from './report';
import { prng } from './seed-data';

const ROUNDS = Number(process.env.BENCH_INGEST_ROUNDS ?? 5);
const PAIRS = Number(process.env.BENCH_INGEST_PAIRS ?? 150);
const CONCURRENCY = 4;
const BATCH = 50;
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
  // A batch answers 200 with a status per event; every event here is new and valid.
  const ok = Array.isArray(event) ? res.status === 200 && !body.includes('"status":"rejected"') : res.status === 201;
  if (!ok) throw new Error(`POST /api/v1/lineage: HTTP ${res.status} ${body.slice(0, 300)}`);
}

async function getStatus() {
  const res = await fetch(`${BASE}/status`);
  const body = await res.text();
  if (res.status !== 200 || !body.includes('Provenant is running')) throw new Error(`GET /status: HTTP ${res.status}`);
}

/** CPU seconds the server process has used: its own work, whatever else runs. */
const serverCpuSeconds = () => processCpuSeconds(serverPid()!);

type Mode = { label: string; clients: number; unit: 'requests' | 'events'; jobs: () => { jobs: (() => Promise<void>)[]; items: number } };
type Sample = { items: number; perSecond: number; cpuMsEach: number };

/** Runs the jobs on `clients` concurrent workers; answers items per second and server CPU ms per item. */
async function measure({ clients, jobs }: Mode): Promise<Sample> {
  const { jobs: list, items } = jobs();
  let next = 0;
  const [started, cpu] = [performance.now(), serverCpuSeconds()];
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < list.length) await list[next++]!();
  }));
  return { items, perSecond: items / ((performance.now() - started) / 1000), cpuMsEach: ((serverCpuSeconds() - cpu) * 1000) / items };
}

export async function measureIngest(token: string) {
  let offset = 0;
  const pairs = (n: number) => Array.from({ length: n }, () => runEvents(offset++));
  const status = (n: number) => () => ({ jobs: Array.from({ length: n }, () => getStatus), items: n });
  const single = (n: number) => () => ({ jobs: pairs(n).flatMap(([start, complete]) => [() => post(token, start), () => post(token, complete)]), items: 2 * n });
  // A pair is one job when run concurrently, so START lands first.
  const pairJobs = (n: number) => () => ({ jobs: pairs(n).map(([start, complete]) => async () => { await post(token, start); await post(token, complete); }), items: 2 * n });
  // BATCH events per POST (the API takes an array), START and COMPLETE of a run in the same batch.
  const batches = (n: number) => () => {
    const events = pairs(n).flat();
    return { jobs: Array.from({ length: Math.ceil(events.length / BATCH) }, (_, i) => () => post(token, events.slice(i * BATCH, (i + 1) * BATCH))), items: events.length };
  };
  const modes: Mode[] = [
    { label: 'GET /status', clients: 1, unit: 'requests', jobs: status(2 * PAIRS) },
    { label: 'POST /api/v1/lineage (RunEvent)', clients: 1, unit: 'events', jobs: single(PAIRS) },
    { label: 'GET /status', clients: CONCURRENCY, unit: 'requests', jobs: status(2 * PAIRS) },
    { label: 'POST /api/v1/lineage (RunEvent)', clients: CONCURRENCY, unit: 'events', jobs: pairJobs(PAIRS) },
    { label: `POST /api/v1/lineage (${BATCH} events per request)`, clients: 1, unit: 'events', jobs: batches(4 * PAIRS) },
  ];

  for (const mode of [modes[0]!, modes[1]!, modes[4]!]) await measure(mode); // warm-up: JIT, route compilation, schema compilation, page cache
  const samples = modes.map((): Sample[] => []);
  for (let round = 0; round < ROUNDS; round++) for (const [i, mode] of modes.entries()) samples[i]!.push(await measure(mode));

  const medians = samples.map((s) => ({ items: s[0]!.items, perSecond: median(s.map((x) => x.perSecond)), cpuMsEach: median(s.map((x) => x.cpuMsEach)), min: Math.min(...s.map((x) => x.perSecond)), max: Math.max(...s.map((x) => x.perSecond)) }));
  console.log(`\nOpenLineage ingest: ${ROUNDS} rounds per mode (START+COMPLETE pairs, distinct runIds, 150 jobs, 800 input tables), medians, against GET /status in the same modes`);
  printTable(
    ['requests', 'clients', 'per round', 'per second (median)', 'range', 'server CPU ms each', 'vs /status', `target: >= ${TARGET_PER_S} events/s`],
    modes.map((mode, i) => {
      const m = medians[i]!;
      const baseline = medians[modes.findIndex((b) => b.unit === 'requests' && b.clients === mode.clients)]!;
      const verdict = mode.unit === 'requests' ? 'baseline' : m.perSecond >= TARGET_PER_S ? 'met' : 'MISSED';
      return [mode.label, mode.clients, `${m.items} ${mode.unit}`, m.perSecond.toFixed(0), `${m.min.toFixed(0)}-${m.max.toFixed(0)}`, m.cpuMsEach.toFixed(2), `${((m.perSecond / baseline.perSecond) * 100).toFixed(0)}%`, verdict];
    }),
  );
  const [statusOne, batched] = [medians[0]!, medians[4]!];
  console.log(
    `Batched ingest: ${batched.perSecond.toFixed(0)} events/s (median of ${ROUNDS} rounds), ${(batched.perSecond / statusOne.perSecond).toFixed(1)}x GET /status, ` +
      `${batched.cpuMsEach.toFixed(2)} ms of server CPU per event; target ${TARGET_PER_S} events/s ${batched.perSecond >= TARGET_PER_S ? 'met' : 'MISSED'}.`,
  );
}
