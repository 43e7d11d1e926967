/**
 * Two replicas against one (PostgreSQL, DATABASE_URL): the reliability suite's mixed load (a third writes: systems and
 * small artifacts; the rest list systems), 50 clients for 20 s on replica 1 alone, then spread over both; beside it
 * the bare baseline, GET /api/health/live from the same clients on one replica. Target: two replicas serve at least
 * 1.6x one replica's mixed throughput. Every replica, PostgreSQL and the clients share this machine's CPUs, so the
 * ratio is bounded by them. Beside the throughput it prints where the CPUs went during each mixed run (the replicas,
 * their main threads, PostgreSQL, this process's clients and s3rver, the machine as a whole) and so the most any
 * number of replicas could serve on this machine at that cost per request.
 */
import os from 'node:os';
import path from 'node:path';
import { deploy } from '@/reliability/cluster';
import { checkAcknowledged, createClientToken, drive, newTally, type Acknowledged } from '@/reliability/workload';
import { clusterCpuSeconds, machineCpuSeconds, postmasterOf, processCpuSeconds } from './process-cpu';
import { printTable } from './report';

const CLIENTS = 50;
const SECONDS = Number(process.env.BENCH_REPLICA_SECONDS ?? 20);

async function bare(url: string) {
  const tally = newTally();
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() - started < SECONDS * 1000) {
        const response = await fetch(`${url}/api/health/live`);
        await response.arrayBuffer();
        if (response.ok) tally.ok++;
      }
    }),
  );
  return tally.ok / ((Date.now() - started) / 1000);
}

type Cpu = { replicas: number; mainThreads: number[]; postgres: number; clients: number; machine: number };

/** CPU seconds used so far by each part of the deployment; PostgreSQL's only when its postmaster was found. */
function cpuNow(replicaPids: number[], postmaster: number | null): Cpu {
  const own = process.cpuUsage();
  return {
    replicas: replicaPids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0),
    mainThreads: replicaPids.map((pid) => processCpuSeconds(pid, { mainThreadOnly: true })),
    postgres: postmaster === null ? NaN : clusterCpuSeconds(postmaster),
    clients: (own.user + own.system) / 1e6,
    machine: machineCpuSeconds(),
  };
}

type Run = { perSecond: number; requests: number; seconds: number; cpu: Cpu };

async function mixed(urls: string[], token: string, acknowledged: Acknowledged, replicaPids: number[] = [], postmaster: number | null = null): Promise<Run> {
  const tally = newTally();
  const before = cpuNow(replicaPids, postmaster);
  const started = Date.now();
  await drive(() => urls, token, CLIENTS, () => Date.now() - started > SECONDS * 1000, acknowledged, tally);
  const seconds = (Date.now() - started) / 1000;
  const after = cpuNow(replicaPids, postmaster);
  if (tally.serverErrors.length > 0 || tally.networkErrors > 0) throw new Error(`${tally.serverErrors.length} 5xx and ${tally.networkErrors} failed connections under load`);
  const used = (key: Exclude<keyof Cpu, 'mainThreads'>) => after[key] - before[key];
  const cpu = { replicas: used('replicas'), mainThreads: after.mainThreads.map((t, i) => t - before.mainThreads[i]!), postgres: used('postgres'), clients: used('clients'), machine: used('machine') };
  return { perSecond: tally.ok / seconds, requests: tally.ok, seconds, cpu };
}

/** Where the CPUs went in one run: ms of CPU per request for each part, and how busy the replicas' main threads were. */
function cpuRow(label: string, run: Run) {
  const perRequest = (seconds: number) => ((seconds * 1000) / run.requests).toFixed(2);
  const own = run.cpu.replicas + run.cpu.postgres + run.cpu.clients;
  return [
    label,
    perRequest(run.cpu.replicas),
    run.cpu.mainThreads.map((t) => `${((t / run.seconds) * 100).toFixed(0)}%`).join(' + '),
    perRequest(run.cpu.postgres),
    perRequest(run.cpu.clients),
    perRequest(own),
    `${(run.cpu.machine / run.seconds).toFixed(2)} (${(Math.max(0, run.cpu.machine - own) / run.seconds).toFixed(2)} elsewhere)`,
  ];
}

async function main() {
  if (!process.env.DATABASE_URL) throw new Error('bench/replica-throughput.ts runs on PostgreSQL: set DATABASE_URL.');
  const cluster = await deploy(path.join(process.env.DATA_DIR!, 'replicas'), Number(process.env.BENCH_PORT ?? 3300) + 50);
  try {
    const token = createClientToken(cluster.replicas[0]!.dataDir);
    await cluster.startAll();
    const [one, two] = cluster.replicas;
    const pids = [one!.child!.pid!, two!.child!.pid!];
    const postmaster = postmasterOf(process.env.DATABASE_URL);
    const acknowledged: Acknowledged = { systems: [], artifacts: [] };
    await mixed([one!.url], token, acknowledged); // warm-up: JIT, pools and caches of both replicas
    await mixed([two!.url], token, acknowledged);
    const baseline = await bare(one!.url);
    const single = await mixed([one!.url], token, acknowledged, pids.slice(0, 1), postmaster);
    const both = await mixed([one!.url, two!.url], token, acknowledged, pids, postmaster);
    const check = await checkAcknowledged(acknowledged);
    if (check.problems.length > 0) throw new Error(check.problems.slice(0, 5).join('\n'));
    const cpus = os.cpus().length;
    console.log(`\nReplicas on PostgreSQL: ${CLIENTS} clients, ${SECONDS} s each, mixed load (a third writes), ${cpus} CPUs shared by the replicas, PostgreSQL and the clients`);
    printTable(
      ['measure', 'requests/s', 'vs bare', 'target'],
      [
        ['bare GET /api/health/live, one replica', baseline.toFixed(0), '1.00x', 'baseline'],
        ['mixed load, one replica', single.perSecond.toFixed(0), `${(single.perSecond / baseline).toFixed(2)}x`, ''],
        ['mixed load, two replicas', both.perSecond.toFixed(0), `${(both.perSecond / baseline).toFixed(2)}x`, `${(both.perSecond / single.perSecond).toFixed(2)}x one replica (target >= 1.6x): ${both.perSecond / single.perSecond >= 1.6 ? 'met' : 'MISSED'}`],
      ],
    );
    console.log(`\nWhere the ${cpus} CPUs went (ms of CPU per acknowledged request; busy: CPUs in use on average)`);
    printTable(['mixed load', 'replicas', 'main threads busy', 'PostgreSQL', 'clients + s3rver', 'all three', 'machine busy'], [cpuRow('one replica', single), cpuRow('two replicas', both)]);
    const cpuPerRequest = (single.cpu.replicas + single.cpu.postgres + single.cpu.clients) / single.requests;
    const ceiling = cpus / cpuPerRequest;
    const mainBusy = single.cpu.mainThreads[0]! / single.seconds;
    console.log(`Ceiling here: ${cpus} CPUs / ${(cpuPerRequest * 1000).toFixed(2)} ms of CPU per request = ${ceiling.toFixed(0)} requests/s however many replicas run, with nothing else on the machine: ${(ceiling / single.perSecond).toFixed(2)}x one replica's measured ${single.perSecond.toFixed(0)}/s${ceiling / single.perSecond < 1.6 ? ': this machine cannot show the 1.6x target' : ''}.`);
    console.log(`One replica's main thread was busy ${(mainBusy * 100).toFixed(0)}% of its run; with CPUs of its own it would stop at about ${(single.perSecond / mainBusy).toFixed(0)} requests/s, fully busy.`);
    console.log(`Afterwards: ${acknowledged.systems.length + acknowledged.artifacts.length} acknowledged writes all present, one creation event each, chain intact (${check.events} events).`);
  } finally {
    await cluster.stopAll();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
