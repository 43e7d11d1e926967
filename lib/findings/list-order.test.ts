import pg from 'pg';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getConnection, getDb, postgresPool, unguardedWriter } from '@/db';
import { FINDING_STATUSES, findings, SEVERITIES } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
import { onPostgres } from '@/lib/testing-sql';
import { AGE_BUCKETS, findingsBySeverityAndAge } from './findings-by-age';
import { listFindings } from './queries';
import { ZListFindingsQuery } from './schemas';

// The list pages through index ranges segment by segment (segmented-page.ts); every page must equal the plain sort.
const NOW = new Date('2026-06-15T12:00:00Z');
const TODAY = '2026-06-15';
let ro: Actor;

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  ro = await makeActor(['risk_officer']);
  const systemId = (await makeSystem(ro, { riskTier: 'minimal' })).id;
  let seed = 7;
  const next = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
  const at = NOW.toISOString();
  await unguardedWriter()
    .insert(findings)
    .values(
      Array.from({ length: 120 }, (_, i) => ({
        number: i + 1, type: 'limitation' as const, severity: SEVERITIES[next(4)]!, status: FINDING_STATUSES[next(6)]!, title: `F${i + 1}`,
        subjectType: 'system' as const, subjectId: systemId, systemId, ownerId: ro.userId,
        // Many share a due date, so the tie-break is exercised; some are due today exactly.
        dueDate: `2026-0${3 + next(4)}-${String(10 + next(10)).padStart(2, '0')}`, lastSeenAt: at, createdAt: at, updatedAt: at,
      })),
    );
});

type Row = { number: number; severity: string; status: string; dueDate: string };
const late = (r: Row) => ['open', 'in_remediation', 'ready_for_validation'].includes(r.status) && r.dueDate < TODAY;
const rank = (r: Row) => SEVERITIES.indexOf(r.severity as never);
const ORDERS: Record<string, (a: Row, b: Row) => number> = {
  priority: (a, b) => Number(late(b)) - Number(late(a)) || rank(a) - rank(b) || a.dueDate.localeCompare(b.dueDate) || a.number - b.number,
  severity: (a, b) => rank(a) - rank(b) || a.dueDate.localeCompare(b.dueDate) || a.number - b.number,
  due: (a, b) => a.dueDate.localeCompare(b.dueDate) || a.number - b.number,
};

describe('the findings list order', () => {
  it('equals the plain sort for every order, status, severity and overdue filter, on every page', async () => {
    const all = await getDb().select({ number: findings.number, severity: findings.severity, status: findings.status, dueDate: findings.dueDate }).from(findings);
    let checked = 0;
    for (const sort of ['priority', 'severity', 'due'] as const)
      for (const status of ['active', 'all', 'closed', 'open'] as const)
        for (const severity of [undefined, 'medium'] as const)
          for (const overdue of [undefined, 'true', 'false'] as const) {
            const expected = all
              .filter((r) => (status === 'all' ? true : status === 'active' ? ['open', 'in_remediation', 'ready_for_validation'].includes(r.status) : r.status === status))
              .filter((r) => !severity || r.severity === severity)
              .filter((r) => overdue === undefined || late(r) === (overdue === 'true'))
              .sort(ORDERS[sort])
              .map((r) => r.number);
            for (const page of [1, 2, 4]) {
              const result = await listFindings(ro, ZListFindingsQuery.parse({ sort, status, severity, overdue, page, pageSize: 7 }), NOW);
              expect(result.total).toBe(expected.length);
              expect(result.items.map((f) => f.number), `${sort} ${status} ${severity} ${overdue} p${page}`).toEqual(expected.slice((page - 1) * 7, page * 7));
              checked += 1;
            }
          }
    expect(checked).toBe(216);
  });

  it('counts active findings by severity and lateness, as the chart shows them', async () => {
    const all = await getDb().select({ number: findings.number, severity: findings.severity, status: findings.status, dueDate: findings.dueDate }).from(findings);
    const active = all.filter((r) => ['open', 'in_remediation', 'ready_for_validation'].includes(r.status));
    const lateness = (r: Row) => Math.round((Date.parse(TODAY) - Date.parse(r.dueDate)) / 86_400_000);
    const bucket = (r: Row) => (lateness(r) <= 0 ? 0 : lateness(r) <= 30 ? 1 : lateness(r) <= 90 ? 2 : 3);
    const chart = await findingsBySeverityAndAge(ro, NOW);
    expect(chart.map((row) => row.age)).toEqual([...AGE_BUCKETS]);
    for (const [i, row] of chart.entries()) for (const s of SEVERITIES) expect(row[s]).toBe(active.filter((r) => r.severity === s && bucket(r) === i).length);
    for (const row of chart) expect(row.critical + row.high + row.medium + row.low).toBeGreaterThan(0);
  });
});

describe('the findings list plans', () => {
  type Sent = { text: string; values: unknown[] };
  /** Every statement `run` sends, with its parameters. */
  async function statementsOf(run: () => Promise<unknown>): Promise<Sent[]> {
    const query = vi.spyOn(pg.Client.prototype, 'query');
    try {
      await run();
      return query.mock.calls.map(([config, values]: unknown[]) => {
        const { text, values: inConfig } = typeof config === 'string' ? { text: config, values: undefined } : (config as { text: string; values?: unknown[] });
        return { text, values: inConfig ?? (Array.isArray(values) ? values : []) };
      });
    } finally {
      query.mockRestore();
    }
  }

  // The test table is small: with sequential scans priced out, a plan still holding one shows that no index serves
  // the statement. The arms of a page (ORDER BY d, r) must come from their index alone, rowid included (PostgreSQL
  // then sorts the few columns it read, each arm cut to the page's need); the page's rows are read by rowid through
  // its key.
  it.skipIf(!onPostgres)('takes a page from the list indexes alone and reads its rows by rowid: no scan of findings', async () => {
    const sent = (
      await statementsOf(async () => {
        for (const sort of ['priority', 'due'] as const) await listFindings(ro, ZListFindingsQuery.parse({ sort, status: 'all', page: 3, pageSize: 7 }), NOW);
      })
    ).filter(({ text }) => /from "?findings"?/i.test(text));
    expect(sent.filter(({ text }) => /ORDER BY d, r/.test(text)).length).toBeGreaterThanOrEqual(2);
    expect(sent.filter(({ text }) => /findings"?\.rowid in/i.test(text))).toHaveLength(2);
    const client = await postgresPool().connect();
    try {
      // As autovacuum leaves a table (statistics, and the visibility map that lets an index answer alone), and with the
      // table scans off that would otherwise win on this small one: a bitmap scan reads the table too.
      await client.query('VACUUM (ANALYZE) findings');
      await client.query('SET enable_seqscan = off');
      await client.query('SET enable_bitmapscan = off');
      for (const { text, values } of sent) {
        const plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, values)).rows.map((row) => row['QUERY PLAN']);
        expect(plan.join('\n'), text).not.toMatch(/Seq Scan on findings/);
        if (/ORDER BY d, r/.test(text)) for (const line of plan.filter((l) => / on findings/.test(l))) expect(line, text).toMatch(/Index Only Scan using findings_(severity|status_due)_idx/);
        if (/findings"?\.rowid in/i.test(text)) expect(plan.join('\n'), text).toContain('findings_rowid_key');
      }
    } finally {
      client.release(true);
    }
  });

  // SQLite's EXPLAIN QUERY PLAN: the arms merge straight off their covering indexes and stop at the page's end.
  it.skipIf(onPostgres)('merges the arms of a page off their indexes on SQLite: no table scan, no sort', async () => {
    const { sqlite, readerSqlite } = getConnection();
    const spies = [vi.spyOn(sqlite, 'prepare'), vi.spyOn(readerSqlite, 'prepare')];
    let texts: string[];
    try {
      for (const sort of ['priority', 'due'] as const) await listFindings(ro, ZListFindingsQuery.parse({ sort, status: 'all', page: 3, pageSize: 7 }), NOW);
      texts = spies.flatMap((spy) => spy.mock.calls).map(([text]) => String(text));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const arms = texts.filter((text) => /ORDER BY d, r/.test(text));
    expect(arms.length).toBeGreaterThanOrEqual(2);
    for (const text of arms) {
      const plan = readerSqlite.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...Array((text.match(/\?/g) ?? []).length).fill('2026-06-15')).map((row) => (row as { detail: string }).detail);
      expect(plan.join('\n'), text).toMatch(/MERGE \(UNION ALL\)/);
      for (const line of plan) {
        expect(line, text).not.toMatch(/TEMP B-TREE/);
        expect(line, text).not.toMatch(/^SCAN (?!.*COVERING INDEX)/);
      }
    }
  });
});
