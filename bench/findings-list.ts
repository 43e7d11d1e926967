/**
 * Seeds a fresh DATA_DIR (and, with DATABASE_URL, an empty PostgreSQL database) with the demo data plus 100,000
 * findings (multi-row inserts in one transaction: a realistic mix of statuses, severities, types, owners, systems and
 * due dates), then serves the production build and times,
 * in one run and interleaved, the findings page (default and a filtered deep page), GET /api/v1/findings, and the
 * dashboard as a risk officer and a data scientist, against the bare /status page.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { closeConnection, databaseReady, getConnection, postgresPool, withTransaction } from '@/db';
import { DIALECT } from '@/db/dialect';
import { JSON_RECORDS_PER_STATEMENT, jsonRecords } from '@/db/portable-sql';
import { rawRows } from '@/db/raw';
import { findings } from '@/db/schema';
import { withDefaults } from '@/lib/prepared-statements';
import { DEMO_PASSWORD } from '@/lib/seed/demo-data';
import { seedDemo } from '@/lib/seed/seed-demo';
import { BASE, signIn, startServer, stopServerAndWait } from './next-server';
import { median, ms, percentile, printTable } from './report';
import { runMain } from './run-main';
import { prng } from './seed-data';

const FINDINGS = 100_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 150);
const WARMUP_ROUNDS = 20;
const RATIO_TARGET = 3;
const DAY = 86_400_000;
const RITA = { email: 'rita.chen@example.com', password: DEMO_PASSWORD };
const DANA = { email: 'dana.whitfield@example.com', password: DEMO_PASSWORD };

const r = prng(110_011);
const pick = <T>(items: readonly (readonly [T, number])[]): T => {
  let roll = r.next() * items.reduce((sum, [, w]) => sum + w, 0);
  for (const [item, weight] of items) if ((roll -= weight) < 0) return item;
  return items[0]![0];
};

/** Mostly history: two thirds closed or invalid, a quarter still being worked, a few accepted. */
const STATUSES = [['closed', 55], ['invalid', 8], ['accepted', 5], ['open', 14], ['in_remediation', 12], ['ready_for_validation', 6]] as const;
const SEVERITIES = [['critical', 4], ['high', 16], ['medium', 45], ['low', 35]] as const;
const TYPES = [['monitoring_breach', 35], ['validation_issue', 20], ['vulnerability', 15], ['limitation', 10], ['red_team_result', 8], ['policy_exception', 5], ['audit_finding', 5], ['incident', 2]] as const;
const DEADLINE = { critical: 7, high: 30, medium: 90, low: 180 } as const;

/** 100,000 findings in one transaction, a JSON array of 1,000 rows per statement (db/portable-sql.ts), on either database. */
async function seedFindings() {
  const owners = (await rawRows<{ id: string }>(sql`SELECT DISTINCT user_id AS id FROM user_roles WHERE role IN ('data_scientist', 'risk_officer', 'security_reviewer') ORDER BY user_id`)).map((row) => row.id);
  const subjects = await rawRows<{ subjectId: string; systemId: string }>(sql`SELECT mv.id AS "subjectId", m.system_id AS "systemId" FROM model_versions mv JOIN models m ON m.id = mv.model_id ORDER BY mv.id`);
  const systems = (await rawRows<{ id: string }>(sql`SELECT id FROM ai_systems ORDER BY id`)).map((row) => row.id);
  const [{ start }] = (await rawRows<{ start: number }>(sql`SELECT coalesce(max(number), 0) + 1 AS start FROM findings`)) as [{ start: number }];
  const now = Date.now();
  const finding = (number: number) => {
    const severity = pick(SEVERITIES);
    const status = pick(STATUSES);
    const onSystem = r.next() < 0.3;
    const subject = subjects[r.int(subjects.length)]!;
    const created = now - r.int(720) * DAY - r.int(DAY);
    const closed = status === 'closed' || status === 'invalid';
    const at = new Date(created).toISOString();
    const systemId = onSystem ? systems[r.int(systems.length)]! : subject.systemId;
    return withDefaults(findings, {
      id: randomUUID(), number, type: pick(TYPES), severity, status, title: `Bench finding ${number}`, description: 'Seeded for the findings-list bench.',
      subjectType: onSystem ? 'system' : 'model_version', subjectId: onSystem ? systemId : subject.subjectId, systemId, ownerId: owners[r.int(owners.length)]!,
      dueDate: new Date(created + DEADLINE[severity] * DAY).toISOString().slice(0, 10), source: r.next() < 0.4 ? 'monitoring' : 'manual', occurrences: 1 + r.int(5),
      lastSeenAt: at, closedAt: closed ? new Date(created + r.int(60) * DAY).toISOString() : null, closureEvidence: closed ? 'Re-validated.' : null, createdAt: at, updatedAt: at,
    });
  };
  await withTransaction(async (tx) => {
    for (let offset = 0; offset < FINDINGS; offset += JSON_RECORDS_PER_STATEMENT) {
      const rows = Array.from({ length: Math.min(JSON_RECORDS_PER_STATEMENT, FINDINGS - offset) }, (_, i) => finding(start + offset + i));
      await tx.insert(findings).select(jsonRecords(findings, JSON.stringify(rows)));
    }
  });
  // Statistics, and (PostgreSQL) the visibility map that index-only scans need: autovacuum's work on a live database.
  if (DIALECT === 'postgresql') await postgresPool().query('VACUUM ANALYZE');
  else getConnection().sqlite.pragma('optimize');
}

type Target = { label: string; url: string; as: 'rita' | 'dana'; check: (body: string) => boolean };
const TARGETS: Target[] = [
  { label: 'bare page /status', url: '/status', as: 'rita', check: (b) => b.includes('Provenant is running') },
  { label: 'findings page /findings', url: '/findings', as: 'rita', check: (b) => b.includes('href="/findings/') },
  { label: 'findings page, filtered deep', url: '/findings?status=all&severity=medium&sort=due&page=40', as: 'rita', check: (b) => b.includes('href="/findings/') },
  { label: 'GET /api/v1/findings', url: '/api/v1/findings?pageSize=50', as: 'rita', check: (b) => (JSON.parse(b) as { items: unknown[] }).items.length === 50 },
  { label: 'GET /api/v1/findings?overdue…', url: '/api/v1/findings?overdue=true&ownerId=me&page=3', as: 'dana', check: (b) => (JSON.parse(b) as { items: unknown[] }).items.length > 0 },
  { label: 'dashboard / (risk officer)', url: '/', as: 'rita', check: (b) => b.includes('<main') },
  { label: 'dashboard / (data scientist)', url: '/', as: 'dana', check: (b) => b.includes('<main') },
];

async function timeRequest(target: Target, cookie: string): Promise<number> {
  const started = process.hrtime.bigint();
  const res = await fetch(BASE + target.url, { headers: { cookie }, redirect: 'manual' });
  const body = await res.text();
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.status !== 200 || !target.check(body)) throw new Error(`${target.url}: HTTP ${res.status}, unexpected body ${body.slice(0, 300)}`);
  return elapsed;
}

async function main() {
  const dataDir = process.env.DATA_DIR;
  if (!dataDir) throw new Error('DATA_DIR must point at a fresh data directory.');
  const seeding = Date.now();
  await databaseReady();
  await seedDemo();
  await seedFindings();
  closeConnection();
  console.log(`Seeded the demo and ${FINDINGS.toLocaleString('en')} findings in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
  await startServer(dataDir, path.join(path.dirname(dataDir), 'next-server.log'));
  const cookies = { rita: await signIn(RITA), dana: await signIn(DANA) };
  const samples = TARGETS.map((): number[] => []);
  for (let round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
    // Interleaved and rotated each round, so noise falls on all targets alike.
    for (let k = 0; k < TARGETS.length; k++) {
      const t = (k + round + WARMUP_ROUNDS) % TARGETS.length;
      const elapsed = await timeRequest(TARGETS[t]!, cookies[TARGETS[t]!.as]);
      if (round >= 0) samples[t]!.push(elapsed);
    }
  }
  await stopServerAndWait();
  const [bareMedian, bareP95] = [median(samples[0]!), percentile(samples[0]!, 95)];
  console.log(`\nFindings list at ${FINDINGS.toLocaleString('en')} findings: ${ROUNDS} interleaved rounds after ${WARMUP_ROUNDS} warm-up rounds, sequential requests on loopback (ms)`);
  printTable(
    ['target', 'n', 'median', 'p95', 'max', 'median/bare', 'p95/bare', `target: p95 <= ${RATIO_TARGET}x bare`],
    TARGETS.map((target, t) => {
      const s = samples[t]!;
      const [med, p95] = [median(s), percentile(s, 95)];
      const verdict = t === 0 ? 'baseline' : p95 / bareP95 > RATIO_TARGET ? 'MISSED' : 'met';
      return [target.label, s.length, ms(med), ms(p95), ms(Math.max(...s)), `${(med / bareMedian).toFixed(1)}x`, `${(p95 / bareP95).toFixed(1)}x`, verdict];
    }),
  );
}

runMain(main);
