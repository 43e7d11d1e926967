/**
 * Issue 5 figure: one AI Card PDF (target under 1 s), through the production server, against the JSON export of the
 * same card in the same run (which loads exactly the same record). The card is the demo's signed credit scorecard
 * with 40 more evaluations, so its tables run over several pages.
 */
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { getConnection, getDb, first as firstRow } from '@/db';
import { models, modelVersions } from '@/db/schema';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { DEMO_PASSWORD } from '@/lib/seed/demo-data';
import { seedDemo } from '@/lib/seed/seed-demo';
import { makeActor } from '@/lib/testing';
import { median, ms, percentile, printTable } from './report';
import { BASE, signIn, startServer, stopServerAndWait } from './next-server';

const ROUNDS = 15;

async function timed(url: string, cookie: string) {
  const started = performance.now();
  const res = await fetch(BASE + url, { headers: { cookie } });
  const body = Buffer.from(await res.arrayBuffer());
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${body.toString().slice(0, 300)}`);
  return { elapsed: performance.now() - started, body };
}

async function main() {
  const dataDir = process.env.DATA_DIR!;
  getConnection();
  await seedDemo();
  const version = firstRow(await getDb().select({ id: modelVersions.id, sha256: modelVersions.artifactSha256 }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(eq(models.name, 'credit-scorecard-gbm'), eq(modelVersions.version, '3.3.0'))).limit(1))!;
  const ds = await makeActor(['data_scientist', 'security_reviewer']);
  for (let i = 0; i < 40; i++) {
    await recordEvaluation(ds, { modelVersionId: version.id, kind: 'security_scan', environment: i % 2 ? 'production' : 'staging', artifactSha256: version.sha256, producer: 'bench', summary: '', attachments: [], metrics: [{ name: `probe_${String(i).padStart(2, '0')}_detection_rate`, value: 0.9, threshold: 0.8, comparator: 'gte' }] });
  }
  await startServer(dataDir, path.join(path.dirname(dataDir), 'card-server.log'));
  try {
    const cookie = await signIn({ email: 'aude.laurent@example.com', password: DEMO_PASSWORD });
    const url = (format: string) => `/api/v1/model-versions/${version.id}/card?format=${format}`;
    await timed(url('json'), cookie);
    const first = await timed(url('pdf'), cookie);
    const json: number[] = [];
    const pdf: number[] = [];
    let pages = 0;
    for (let i = 0; i < ROUNDS; i++) {
      json.push((await timed(url('json'), cookie)).elapsed);
      const result = await timed(url('pdf'), cookie);
      pdf.push(result.elapsed);
      pages = (result.body.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    }
    console.log(`\nAI Card PDF through the API: ${pages} pages, ${ROUNDS} rounds after one warm-up (first render ${ms(first.elapsed)} ms) (ms)`);
    printTable(
      ['measure', 'median', 'p95', 'median/baseline', 'target: < 1,000 ms'],
      [
        ['GET card?format=json (same record, baseline)', ms(median(json)), ms(percentile(json, 95)), '1.0x', 'baseline'],
        ['GET card?format=pdf', ms(median(pdf)), ms(percentile(pdf, 95)), `${(median(pdf) / median(json)).toFixed(1)}x`, median(pdf) < 1000 ? 'met' : 'MISSED'],
      ],
    );
  } finally {
    await stopServerAndWait();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
