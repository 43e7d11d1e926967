/**
 * Graceful stop: SIGTERM to a replica (on SQLite, to the only process) under write load, as `docker stop` or a rolling
 * restart sends it, three times. Each time an upload the replica had begun, whose second half arrives after the
 * signal, is finished and acknowledged; the server exits 0 (every request it had begun finished); it restarts and
 * every acknowledged write is present with one audit event. On PostgreSQL the clients go through the proxy, and not
 * one of their requests fails: the replica answers its readiness probe 503 for STOP_DRAIN_SECONDS (compose.yaml's
 * value) before it stops listening, so the proxy has stopped sending it requests by then.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { start, terminate } from './replica';
import { deploy, onPostgres, runSuite, sleep } from './cluster';
import { checkAcknowledged, createClientToken, drive, newTally, type Acknowledged } from './workload';

const ROUNDS = 3;
const CLIENTS = 20;

/**
 * An artifact upload sent straight to one replica: its headers, and once the replica has taken the request (its
 * `100 Continue`), the first half of the body; the second half only after `between` has run.
 */
function uploadInTwoHalves(base: string, token: string, bytes: Buffer, between: () => Promise<void>) {
  const boundary = `----reliability${randomUUID()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="weights.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request(`${base}/api/v1/artifacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + bytes.length + tail.length, expect: '100-continue' },
    });
    request.on('continue', () => {
      request.write(Buffer.concat([head, bytes.subarray(0, bytes.length / 2)]));
      between().then(() => request.end(Buffer.concat([bytes.subarray(bytes.length / 2), tail])), reject);
    });
    request.on('response', (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    });
    request.on('error', reject);
    request.flushHeaders();
  });
}

async function main() {
  const root = path.join(process.env.RELIABILITY_DIR!, `graceful-stop-${onPostgres ? 'postgresql' : 'sqlite'}`);
  const cluster = await deploy(root, Number(process.env.RELIABILITY_PORT ?? 3700) + 40);
  const problems: string[] = [];
  try {
    const token = createClientToken(cluster.replicas[0]!.dataDir);
    await cluster.startAll();
    const acknowledged: Acknowledged = { systems: [], artifacts: [] };
    console.log(`graceful stop (${onPostgres ? `PostgreSQL, ${cluster.replicas.length} replicas behind Caddy, ${process.env.STOP_DRAIN_SECONDS} s drain` : 'SQLite, one process'}): ${ROUNDS} rounds of SIGTERM under ${CLIENTS} writing clients`);
    for (let round = 1; round <= ROUNDS; round++) {
      const tally = newTally();
      let done = false;
      const load = drive(cluster.entry, token, CLIENTS, () => done, acknowledged, tally);
      await sleep(1000 + Math.floor(Math.random() * 2000));
      const victim = cluster.replicas[(round - 1) % cluster.replicas.length]!;
      const bytes = randomBytes(4 * 1024 * 1024);
      let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
      const stoppedAt = Date.now();
      const upload = await uploadInTwoHalves(victim.url, token, bytes, async () => {
        exit = terminate(victim);
        await sleep(500);
      }).catch((error: Error) => ({ status: 0, body: `connection failed: ${error.message}` }));
      const exited = await (exit ?? terminate(victim));
      const stopMs = Date.now() - stoppedAt;
      const roundProblems: string[] = [];
      const digest = createHash('sha256').update(bytes).digest('hex');
      if (upload.status !== 201) roundProblems.push(`the upload under way when SIGTERM came was answered ${upload.status}: ${upload.body.slice(0, 300)}`);
      else if ((JSON.parse(upload.body) as { sha256: string }).sha256 !== digest) roundProblems.push('the upload under way when SIGTERM came was stored with another digest');
      else acknowledged.artifacts.push(digest);
      if (exited.code !== 0) roundProblems.push(`${victim.name} exited ${exited.signal ?? `with code ${exited.code}`} after SIGTERM, not 0 (a request was cut off); see ${cluster.logOf(victim)}`);
      await start(victim, cluster.logOf(victim));
      await sleep(1000);
      done = true;
      await load;
      const check = await checkAcknowledged(acknowledged);
      roundProblems.push(...check.problems, ...tally.serverErrors.map((e) => `HTTP ${e.status} for ${e.request} sent ${e.startedAt - stoppedAt} ms after SIGTERM: ${e.body}`));
      if (tally.truncated > 0) roundProblems.push(`${tally.truncated} answers cut short`);
      // Alone, the stopped process refuses connections until it is back; behind the proxy, the other replica serves.
      if (onPostgres && tally.networkErrors > 0) roundProblems.push(`${tally.networkErrors} requests through the proxy failed to connect or were cut off`);
      problems.push(...roundProblems.map((p) => `round ${round}: ${p}`));
      console.log(
        `  round ${round}: ${victim.name} stopped in ${stopMs} ms (exit ${exited.signal ?? exited.code}), its upload ${upload.status}; ${tally.ok} requests answered, ${tally.serverErrors.length} 5xx, ${tally.networkErrors} refused or cut; ` +
          `${acknowledged.systems.length + acknowledged.artifacts.length} acknowledged writes so far all present; chain ${check.problems.some((p) => p.startsWith('audit chain')) ? 'BROKEN' : 'intact'}` +
          (roundProblems.length > 0 ? `; ${roundProblems.length} PROBLEM(S)` : ''),
      );
    }
  } finally {
    await cluster.stopAll();
  }
  return problems;
}

runSuite('graceful stop', main);
