/**
 * Load: 100 concurrent clients for 60 s (RELIABILITY_LOAD_SECONDS), a third of their requests writes, spread over every
 * replica (two behind the proxy on PostgreSQL, one on SQLite). Afterwards: no 5xx, every acknowledged write present with one audit
 * event, the chain verifies. Prints the throughput.
 */
import path from 'node:path';
import { deploy, onPostgres, runSuite } from './cluster';
import { checkAcknowledged, createClientToken, drive, newTally, type Acknowledged } from './workload';

const CLIENTS = Number(process.env.RELIABILITY_CLIENTS ?? 100);
const SECONDS = Number(process.env.RELIABILITY_LOAD_SECONDS ?? 60);

async function main() {
  const root = path.join(process.env.RELIABILITY_DIR!, `load-${onPostgres ? 'postgresql' : 'sqlite'}`);
  const cluster = await deploy(root, Number(process.env.RELIABILITY_PORT ?? 3710));
  const problems: string[] = [];
  try {
    const token = createClientToken(cluster.replicas[0]!.dataDir);
    await cluster.startAll();
    const acknowledged: Acknowledged = { systems: [], artifacts: [] };
    const tally = newTally();
    const urls = cluster.entry();
    const started = Date.now();
    await drive(() => urls, token, CLIENTS, () => Date.now() - started > SECONDS * 1000, acknowledged, tally);
    const elapsed = (Date.now() - started) / 1000;
    const check = await checkAcknowledged(acknowledged);
    problems.push(...check.problems, ...tally.serverErrors.map((e) => `HTTP ${e.status}: ${e.body}`));
    if (tally.networkErrors > 0) problems.push(`${tally.networkErrors} requests failed on the network`);
    if (tally.truncated > 0) problems.push(`${tally.truncated} answers were cut short`);
    console.log(
      `load (${onPostgres ? `PostgreSQL, ${cluster.replicas.length} replicas behind Caddy, S3` : 'SQLite, one process'}): ${CLIENTS} clients for ${elapsed.toFixed(0)} s: ` +
        `${tally.ok} answered (${(tally.ok / elapsed).toFixed(0)}/s), ${tally.refused} refused (4xx), ${tally.serverErrors.length} 5xx; ` +
        `${acknowledged.systems.length} systems and ${acknowledged.artifacts.length} artifacts acknowledged, all present; ${check.events} audit events`,
    );
  } finally {
    await cluster.stopAll();
  }
  return problems;
}

runSuite('load', main);
