import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, unguardedWriter } from '@/db';
import { FINDING_STATUSES, findings, SEVERITIES } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
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
