/**
 * Two replicas against one (PostgreSQL, DATABASE_URL): the reliability suite's mixed load (a third writes: systems and
 * small artifacts; the rest list systems), 50 clients for 20 s on replica 1 alone, then spread over both; beside it
 * the bare baseline, GET /api/health/live from the same clients on one replica. Target: two replicas serve at least
 * 1.6x one replica's mixed throughput. Every replica, PostgreSQL and the clients share this machine's CPUs, so the
 * ratio is bounded by them: read it with the CPU count printed beside it.
 */
import os from 'node:os';
import path from 'node:path';
import { deploy } from '@/reliability/cluster';
import { checkAcknowledged, createClientToken, drive, newTally, type Acknowledged } from '@/reliability/workload';
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

async function mixed(urls: string[], token: string, acknowledged: Acknowledged) {
  const tally = newTally();
  const started = Date.now();
  await drive(() => urls, token, CLIENTS, () => Date.now() - started > SECONDS * 1000, acknowledged, tally);
  if (tally.serverErrors.length > 0 || tally.networkErrors > 0) throw new Error(`${tally.serverErrors.length} 5xx and ${tally.networkErrors} failed connections under load`);
  return tally.ok / ((Date.now() - started) / 1000);
}

async function main() {
  if (!process.env.DATABASE_URL) throw new Error('bench/replica-throughput.ts runs on PostgreSQL: set DATABASE_URL.');
  const cluster = await deploy(path.join(process.env.DATA_DIR!, 'replicas'), Number(process.env.BENCH_PORT ?? 3300) + 50);
  try {
    const token = createClientToken(cluster.replicas[0]!.dataDir);
    await cluster.startAll();
    const [one, two] = cluster.replicas;
    const acknowledged: Acknowledged = { systems: [], artifacts: [] };
    await mixed([one!.url], token, acknowledged); // warm-up: JIT, pools and caches of both replicas
    await mixed([two!.url], token, acknowledged);
    const baseline = await bare(one!.url);
    const single = await mixed([one!.url], token, acknowledged);
    const both = await mixed([one!.url, two!.url], token, acknowledged);
    const check = await checkAcknowledged(acknowledged);
    if (check.problems.length > 0) throw new Error(check.problems.slice(0, 5).join('\n'));
    console.log(`\nReplicas on PostgreSQL: ${CLIENTS} clients, ${SECONDS} s each, mixed load (a third writes), ${os.cpus().length} CPUs shared by the replicas, PostgreSQL and the clients`);
    printTable(
      ['measure', 'requests/s', 'vs bare', 'target'],
      [
        ['bare GET /api/health/live, one replica', baseline.toFixed(0), '1.00x', 'baseline'],
        ['mixed load, one replica', single.toFixed(0), `${(single / baseline).toFixed(2)}x`, ''],
        ['mixed load, two replicas', both.toFixed(0), `${(both / baseline).toFixed(2)}x`, `${(both / single).toFixed(2)}x one replica (target >= 1.6x): ${both / single >= 1.6 ? 'met' : 'MISSED'}`],
      ],
    );
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
