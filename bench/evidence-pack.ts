/**
 * Evidence pack at scale: 200 model versions, 2,000 evidence records (100 with an attachment) and 10,000 audit
 * events, packed for the whole inventory by the real `pack run` child process; its wall time and peak RSS come from
 * /usr/bin/time. Baselines from the same run: reading the same rows in-process (collectPackData), and the child's
 * start-up alone. Then the time per page of the explicit-pagination renderer at 10, 100 and 1,000 pages (each in
 * its own child, so its peak RSS is its own). Prints figures; asserts none.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createElement } from 'react';
import { count } from 'drizzle-orm';
import { first, getConnection, getDb, withTransaction } from '@/db';
import { auditEvents } from '@/db/schema';
import { uploadArtifact } from '@/lib/artifacts/upload-artifact';
import { recordAudit } from '@/lib/audit/record-event';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { createSystem } from '@/lib/inventory/create-system';
import { collectPackData } from '@/lib/packs/collect-pack-data';
import { requestEvidencePack } from '@/lib/packs/request-evidence-pack';
import { createUser } from '@/lib/users/create-user';
import { printTable } from './report';
import { runMain } from './run-main';

const VERSIONS = 200;
const EVIDENCE_PER_VERSION = 10;
const EVENTS = 10_000;
const KINDS = ['performance', 'robustness', 'fairness', 'red_team', 'privacy'] as const;
const RUNTIME = ['--import', './lib/cli/pack-runtime.mjs', '--import', 'tsx'];

const actorOf = (user: Awaited<ReturnType<typeof createUser>>): Actor => ({ type: 'user', userId: user.id, email: user.email, name: user.name, roles: user.roles, ip: null, userAgent: 'bench' });

async function seed() {
  const owner = actorOf(await createUser(systemActor('bench seed'), { email: 'owner@bench.test', name: 'Bench Owner', roles: ['data_scientist'], password: 'bench-password-long' }));
  const auditor = actorOf(await createUser(systemActor('bench seed'), { email: 'auditor@bench.test', name: 'Bench Auditor', roles: ['auditor'], password: 'bench-password-long' }));
  const versionIds: string[] = [];
  for (let s = 0; s < VERSIONS / 10; s++) {
    const system = await createSystem(owner, { name: `Bench system ${s + 1}`, purpose: 'Benchmark of evidence packs.', riskTier: s % 2 ? 'high' : 'limited' });
    const model = await createModel(owner, { systemId: system.id, name: `bench-model-${s + 1}` });
    for (let v = 0; v < 10; v++) {
      const digest = createHash('sha256').update(`bench ${s} ${v}`).digest('hex');
      const version = await createModelVersion(owner, { modelId: model.id, version: `1.${v}.0`, artifactSha256: digest, format: 'onnx', uri: `s3://bench-models/system-${s}/model/1.${v}.0/model.onnx`, license: 'Proprietary' });
      versionIds.push(version.id);
      for (let e = 0; e < EVIDENCE_PER_VERSION; e++) {
        const attach = e === 0 && v % 2 === 0;
        const attachments = attach ? [{ sha256: await storeReport(owner, `${s}-${v}`), fileName: `report-${s}-${v}.html`, mediaType: 'text/html' }] : [];
        await recordEvaluation(owner, ZRecordEvaluationInput.parse({
          modelVersionId: version.id, kind: KINDS[e % KINDS.length], environment: e % 3 ? 'staging' : 'production', artifactSha256: digest, producer: `bench-eval ${e}`,
          metrics: [{ name: 'auc', value: 0.8 + e / 100, threshold: 0.75, comparator: 'gte' }, { name: 'latency_ms', value: 12 + e }, { name: 'fpr', value: 0.04, threshold: 0.05, comparator: 'lte' }],
          attachments,
        }));
      }
    }
  }
  const have = first(await getDb().select({ n: count() }).from(auditEvents).limit(1))!.n;
  await withTransaction(async (tx) => {
    for (let i = have; i < EVENTS - 1; i++) await recordAudit(tx, owner, { action: 'model_version.updated', entityType: 'model_version', entityId: versionIds[i % versionIds.length]!, before: { license: 'Proprietary' }, after: { license: 'Proprietary', note: `bench ${i}` } });
  });
  return await requestEvidencePack(auditor, { scopeType: 'inventory', scopeId: null, periodFrom: null, periodTo: null });
}

async function storeReport(actor: Actor, label: string) {
  const form = new FormData();
  form.append('file', new Blob([`<html><body>Bench report ${label}: ${'evidence '.repeat(400)}</body></html>`]), `report-${label}.html`);
  return ((await uploadArtifact(actor, new Request('http://bench/api/v1/artifacts', { method: 'POST', body: form }))) as { sha256: string }).sha256;
}

function peakMiB(stderrAndOut: string) {
  const kib = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderrAndOut)?.[1] ?? NaN);
  return Math.round(kib / 1024);
}

/** Runs the pack runtime under /usr/bin/time -v: wall seconds, peak RSS in MiB, and what it printed. */
function timedWithRss(args: string[]) {
  const started = process.hrtime.bigint();
  const result = execFileSyncBoth(['-v', process.execPath, ...RUNTIME, ...args]);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, ...result, rss: peakMiB(result.stderr) };
}

function execFileSyncBoth(args: string[]) {
  const child = spawnSync('/usr/bin/time', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  return { ok: child.status === 0, stdout: child.stdout ?? '', stderr: child.stderr ?? '' };
}

/** Child mode: renders a synthetic register of about `pages` pages through the pack's own flow renderer. */
async function renderPages(pages: number) {
  const { Document } = await import('@react-pdf/renderer');
  const { FlowPage } = await import('@/lib/pdf/flow-page');
  const { heading, paginate, table } = await import('@/lib/pdf/flow');
  const { renderPdfToBuffer } = await import('@/lib/pdf/render-pdf');
  const rows = Array.from({ length: pages * 47 }, (_, i) => ({ seq: i + 1, at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), actor: `user${i % 40}@example.com`, action: 'evaluation.recorded', hash: createHash('sha256').update(String(i)).digest('hex') }));
  const started = process.hrtime.bigint();
  const layout = paginate([heading(1, 'Register'), table('Register', [
    { title: 'Seq', weight: 30, align: 'right', cell: (r: (typeof rows)[number]) => String(r.seq) },
    { title: 'Time (UTC)', weight: 90, kind: 'mono', cell: (r) => r.at.replace('T', ' ').slice(0, 19) },
    { title: 'Actor', weight: 110, cell: (r) => r.actor },
    { title: 'Action', weight: 100, cell: (r) => r.action },
    { title: 'Hash', weight: 170, kind: 'mono', cell: (r) => r.hash.slice(0, 32) },
  ], rows, 'dense')]);
  const footer = { label: 'Bench register', digest: rows[0]!.hash };
  const pdf = await renderPdfToBuffer(createElement(Document, null, layout.pages.map((items, i) => createElement(FlowPage, { key: i, items, footer }))));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`pages=${layout.pages.length} ms=${ms.toFixed(0)} bytes=${pdf.length}`);
}

async function main(): Promise<number> {
  const pagesArg = process.argv.indexOf('--pages');
  if (pagesArg > 0) {
    await renderPages(Number(process.argv[pagesArg + 1]));
    return 0;
  }
  console.log(`\nEvidence pack: seeding ${VERSIONS} versions, ${VERSIONS * EVIDENCE_PER_VERSION} evidence records, ${EVENTS.toLocaleString('en-US')} audit events...`);
  const pack = await seed();
  getConnection();
  const readStart = process.hrtime.bigint();
  const data = await collectPackData({ ...pack, status: 'running' });
  const readSeconds = Number(process.hrtime.bigint() - readStart) / 1e9;
  const startup = timedWithRss(['lib/cli/main.ts', 'pack', 'run', '00000000-0000-4000-8000-000000000000']);
  const run = timedWithRss(['lib/cli/main.ts', 'pack', 'run', pack.id]);
  const pages = Number(/: (\d+) pages in/.exec(run.stdout)?.[1] ?? NaN);
  if (!run.ok) console.error(`pack run failed:\n${run.stdout}\n${run.stderr.slice(-2000)}`);
  printTable(['step', 'wall s', 'peak RSS MiB', 'notes'], [
    ['baseline: read the same rows (collectPackData, in-process)', readSeconds.toFixed(2), '—', `${data.versions.length} versions, ${data.evidence.length} evidence, ${data.auditEvents.length} events`],
    ['baseline: child start-up (runtime + modules, no pack)', startup.seconds.toFixed(2), startup.rss, ''],
    ['evidence pack (pack run child, whole inventory)', run.seconds.toFixed(2), run.rss, `${pages} pages, ${(run.seconds * 1000 / pages).toFixed(1)} ms/page; target < 30 s and < 1024 MiB`],
  ]);
  console.log('\nRenderer time per page (explicit pagination, dense register; each size in its own child):');
  const rowsOut: (string | number)[][] = [];
  for (const size of [10, 100, 1000]) {
    const child = timedWithRss(['bench/evidence-pack.ts', '--pages', String(size)]);
    const [, actual, ms] = /pages=(\d+) ms=(\d+)/.exec(child.stdout) ?? [];
    rowsOut.push([`${size} pages requested`, actual ?? 'failed', ms ?? '—', actual ? (Number(ms) / Number(actual)).toFixed(1) : '—', child.rss]);
  }
  printTable(['document', 'pages', 'render ms', 'ms/page', 'peak RSS MiB'], rowsOut);
  return run.ok ? 0 : 1;
}

runMain(main);
