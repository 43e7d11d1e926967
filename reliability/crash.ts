/**
 * Crash: kill -9 of a replica (on SQLite, of the only process) at a random moment under write load, five times; on
 * PostgreSQL the clients go through the proxy, which must send every request made after the kill to the other one. After
 * each: the server restarts cleanly and becomes ready, every acknowledged write is present with one audit event, the
 * chain verifies, and no unfinished upload is left in the restarted replica's DATA_DIR/blobs/tmp.
 */
import fs from 'node:fs';
import path from 'node:path';
import { plural } from '@/lib/words';
import { proxyLearnsOfDeathMs } from './proxy';
import { crash, start } from './replica';
import { deploy, onPostgres, runSuite, sleep } from './cluster';
import { checkAcknowledged, createClientToken, drive, newTally, type Acknowledged } from './workload';

const ROUNDS = Number(process.env.RELIABILITY_ROUNDS ?? 5);
const CLIENTS = 20;

async function main() {
  const root = path.join(process.env.RELIABILITY_DIR!, `crash-${onPostgres ? 'postgresql' : 'sqlite'}`);
  const cluster = await deploy(root, Number(process.env.RELIABILITY_PORT ?? 3700));
  const problems: string[] = [];
  try {
    const token = createClientToken(cluster.replicas[0]!.dataDir);
    await cluster.startAll();
    const acknowledged: Acknowledged = { systems: [], artifacts: [] };
    console.log(`crash (${onPostgres ? `PostgreSQL, ${cluster.replicas.length} replicas behind Caddy, S3` : 'SQLite, one process, local store'}): ${ROUNDS} rounds of kill -9 under ${CLIENTS} writing clients`);
    for (let round = 1; round <= ROUNDS; round++) {
      const tally = newTally();
      let done = false;
      const load = drive(cluster.entry, token, CLIENTS, () => done, acknowledged, tally);
      const after = 1000 + Math.floor(Math.random() * 4000);
      await sleep(after);
      const victim = cluster.replicas[Math.floor(Math.random() * cluster.replicas.length)]!;
      await crash(victim);
      const diedAt = Date.now();
      await sleep(500);
      const restartedAt = Date.now();
      await start(victim, cluster.logOf(victim));
      const restartMs = Date.now() - restartedAt;
      await sleep(1000);
      done = true;
      await load;
      const check = await checkAcknowledged(acknowledged);
      const temp = path.join(victim.dataDir, 'blobs', 'tmp');
      const leftovers = fs.existsSync(temp) ? fs.readdirSync(temp) : [];
      // Behind the proxy a request the victim was answering when it died is cut off with a 502 (Caddy does not send a
      // write twice), as is a write sent before the proxy learnt of the death; one sent later must reach the other.
      const cutOff = tally.serverErrors.filter((e) => e.status === 502 && e.startedAt <= diedAt + proxyLearnsOfDeathMs());
      const roundProblems = [
        ...check.problems,
        ...tally.serverErrors.filter((e) => !cutOff.includes(e)).map((e) => `HTTP ${e.status} for ${e.request} sent ${e.startedAt - diedAt} ms after the kill: ${e.body}`),
        ...(leftovers.length > 0 ? [`${plural(leftovers.length, 'unfinished upload')} left in ${temp}`] : []),
      ];
      problems.push(...roundProblems.map((p) => `round ${round}: ${p}`));
      console.log(
        `  round ${round}: ${victim.name} killed after ${after} ms, ready again in ${restartMs} ms; ${tally.ok} requests answered, ${tally.networkErrors + tally.truncated + cutOff.length} cut off; ` +
          `${acknowledged.systems.length + acknowledged.artifacts.length} acknowledged writes so far all present; ${check.events} audit events, chain ${check.problems.some((p) => p.startsWith('audit chain')) ? 'BROKEN' : 'intact'}` +
          (roundProblems.length > 0 ? `; ${roundProblems.length} PROBLEM(S)` : ''),
      );
    }
  } finally {
    await cluster.stopAll();
  }
  return problems;
}

runSuite('crash', main);
