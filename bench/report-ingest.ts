/**
 * Report ingest: a 50 MB SARIF through POST /api/v1/evaluations/reports (streamed, hashed, parsed in a worker thread,
 * recorded) against a plain upload of the same bytes through POST /api/v1/artifacts, on the production server in the
 * same run; /status is probed every 50 ms meanwhile, so a parse that held the event loop would show. Target: the
 * report's median within 3x the plain upload's. The SARIF is Trivy's own alpine-3.10 report (the parser's fixture)
 * with its results repeated, each under another package name, until it weighs 50 MB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemActor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { createSystem } from '@/lib/inventory/create-system';
import { DEMO_PASSWORD } from '@/lib/seed/demo-data';
import { createUser } from '@/lib/users/create-user';
import { curlUpload } from './curl-upload';
import { BASE, startServer, stopServerAndWait } from './next-server';
import { median, ms, printTable } from './report';
import { runMain } from './run-main';

const TARGET_BYTES = 50 * 1e6;
const RUNS = 3;
const RATIO_TARGET = 3;
const FIXTURE = path.join(import.meta.dirname, '..', 'lib', 'evidence', 'reports', 'fixtures', 'trivy-alpine-310.sarif');
const dataDir = path.resolve(process.env.DATA_DIR ?? '');
const file = path.join(path.dirname(dataDir), 'report-50mb.sarif');

/** The real report with its results repeated under distinct package names, then `variant` spaces (new bytes per run). */
function writeReport() {
  const sarif = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
  const run = sarif.runs[0];
  const originals = run.results as unknown[];
  const oneCopy = Buffer.byteLength(JSON.stringify(originals));
  const copies = Math.ceil(TARGET_BYTES / oneCopy);
  run.results = Array.from({ length: copies }, (_, i) => originals.map((r) => JSON.parse(JSON.stringify(r).replaceAll('libssl1.1', `libssl1.1-copy${i}`).replaceAll('libcrypto1.1', `libcrypto1.1-copy${i}`)))).flat();
  fs.writeFileSync(file, JSON.stringify(sarif));
  return run.results.length as number;
}

const withVariant = (variant: number) => fs.appendFileSync(file, ' '.repeat(variant ? 1 : 0));

/** One POST with curl, streaming the file from disk, while /status is probed; answers the time and the worst probe. */
async function post(pathname: string, token: string, fields: string[]) {
  let worstProbe = 0;
  let probing = true;
  const probes = (async () => {
    while (probing) {
      const started = performance.now();
      await fetch(`${BASE}/status`).then((r) => r.arrayBuffer());
      worstProbe = Math.max(worstProbe, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const started = performance.now();
  const { status, body } = await curlUpload(`${BASE}${pathname}`, token, [...fields, `file=@${file};type=application/json`]);
  const seconds = (performance.now() - started) / 1000;
  probing = false;
  await probes;
  if (status !== '201') throw new Error(`${pathname} answered HTTP ${status}: ${body.slice(0, 300)}`);
  return { seconds, worstProbe, body: JSON.parse(body) };
}

async function main() {
  if (!process.env.DATA_DIR || !dataDir.startsWith(path.resolve(os.tmpdir()) + path.sep)) throw new Error(`DATA_DIR must be under ${os.tmpdir()}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  try {
    const seed = systemActor('bench seed');
    const user = await createUser(seed, { email: 'scanner@example.com', name: 'Bench Scanner', roles: ['data_scientist'], password: DEMO_PASSWORD });
    const token = (await createApiToken(seed, user.id, { name: 'bench reports', scopes: ['register'] })).secret;
    const actor = { type: 'user' as const, userId: user.id, email: user.email, name: user.name, roles: user.roles, ip: '127.0.0.1', userAgent: 'bench' };
    const system = await createSystem(actor, { name: 'Report bench', purpose: 'Receives a 50 MB scan.', riskTier: 'high' });
    const model = await createModel(actor, { systemId: system.id, name: 'scanned' });
    const version = await createModelVersion(actor, { modelId: model.id, version: '1', artifactSha256: 'e'.repeat(64) });
    const results = writeReport();
    await startServer(dataDir, path.join(path.dirname(dataDir), 'report-server.log'));
    const plain = [];
    const reports = [];
    // Each run sends new bytes (one more trailing space), first as a plain artifact, then as a report.
    for (let i = 0; i < RUNS; i++) {
      withVariant(i);
      plain.push(await post('/api/v1/artifacts', token, []));
      reports.push(await post('/api/v1/evaluations/reports', token, [`modelVersionId=${version.id}`]));
    }
    await stopServerAndWait();
    const total = reports[0]!.body.metrics.find((m: { name: string }) => m.name === 'results_total');
    const size = fs.statSync(file).size;
    const base = median(plain.map((p) => p.seconds));
    const ratio = median(reports.map((r) => r.seconds)) / base;
    console.log(`\nReport ingest: a ${(size / 1e6).toFixed(1)} MB SARIF (${results} results; results_total computed: ${total?.value ?? '?'}) against a plain upload of the same bytes`);
    printTable(
      ['measure', 'seconds', 'MB/s', 'worst /status probe (ms)', `target: report <= ${RATIO_TARGET}x upload`],
      [
        ...plain.map((p, i) => [`POST /api/v1/artifacts, run ${i + 1}`, p.seconds.toFixed(2), (size / 1e6 / p.seconds).toFixed(0), ms(p.worstProbe), i === 0 ? `median ${base.toFixed(2)} s` : '']),
        ...reports.map((r, i) => [`POST /api/v1/evaluations/reports, run ${i + 1}`, r.seconds.toFixed(2), (size / 1e6 / r.seconds).toFixed(0), ms(r.worstProbe), i === 0 ? `median ratio ${ratio.toFixed(2)}x: ${ratio <= RATIO_TARGET ? 'met' : 'MISSED'}` : '']),
      ],
    );
  } finally {
    fs.rmSync(file, { force: true });
    fs.rmSync(path.join(dataDir, 'blobs'), { recursive: true, force: true });
  }
}

runMain(main);
