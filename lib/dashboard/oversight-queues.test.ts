import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { first, getConnection, getDb, only, returnedRow, withTransaction, unguardedWriter } from '@/db';
import { findings, findingWaivers, incidents, type FindingStatus, type FindingType, type Severity } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { Forbidden } from '@/lib/errors';
import { raiseFindingInTx } from '@/lib/findings/raise-finding';
import { makeActor, makeSystem } from '@/lib/testing';
import { onPostgres } from '@/lib/testing-sql';
import { expiringWaivers, findingCounts, findingsToValidate, ownFindingsByDue, securityFindings, severeActiveFindings } from './finding-queues';
import { incidentCounts, ownOpenIncidents, seriousIncidentsDue } from './incident-queues';

const DAY = 86_400_000;
const NOW = new Date('2026-12-02T09:00:00.000Z');
const TODAY = '2026-12-02';
let dana: Actor;
let sam: Actor;
let rita: Actor;
let auditor: Actor;
let danaSystem: string;
let samSystem: string;

beforeAll(async () => {
  [dana, sam, rita, auditor] = await Promise.all([makeActor(['data_scientist']), makeActor(['data_scientist']), makeActor(['risk_officer']), makeActor(['auditor'])]);
  danaSystem = (await makeSystem(dana, { name: 'Dana fraud' })).id;
  samSystem = (await makeSystem(sam, { name: 'Sam churn' })).id;
});

type Spec = { systemId?: string; severity?: Severity; type?: FindingType; status?: FindingStatus; dueInDays?: number };
let made = 0;
/** A finding on a system (Dana's by default), then put in the status and due date the case needs. */
async function finding({ systemId = danaSystem, severity = 'medium', type = 'validation_issue', status = 'open', dueInDays = 20 }: Spec = {}) {
  const raised = (await withTransaction(async (tx) => await raiseFindingInTx(tx, rita, { type, severity, title: `Case ${++made}`, description: '', subjectType: 'system', subjectId: systemId, source: 'manual' }, NOW))).finding;
  return returnedRow(await unguardedWriter().update(findings).set({ status, dueDate: new Date(NOW.getTime() + dueInDays * DAY).toISOString().slice(0, 10) }).where(eq(findings.id, raised.id)).returning());
}
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe('the data scientist’s findings', () => {
  it('lists their own active findings, overdue first then by due date, and counts them all', async () => {
    const late = await finding({ dueInDays: -3 });
    const soon = await finding({ dueInDays: 2 });
    const later = await finding({ dueInDays: 40, status: 'in_remediation' });
    const closed = await finding({ dueInDays: -10, status: 'closed' });
    const samsOwn = await finding({ systemId: samSystem, dueInDays: -20 });
    const mine = await ownFindingsByDue(dana, TODAY);
    expect(ids(mine.items).slice(0, 3)).toEqual([late.id, soon.id, later.id]);
    expect(ids(mine.items)).not.toContain(closed.id);
    expect(ids(mine.items)).not.toContain(samsOwn.id);
    expect(mine).toMatchObject({ total: 3, overdue: 1 });
    expect((await ownFindingsByDue(dana, TODAY, { dueBy: '2026-12-10' })).total).toBe(2);
    expect((await ownFindingsByDue(dana, TODAY, { limit: 1 })).items).toHaveLength(1);
  });
});

describe('the risk officer’s queues', () => {
  it('shows findings ready for validation, due first', async () => {
    const ready = await finding({ status: 'ready_for_validation', dueInDays: 5 });
    const readyEarlier = await finding({ systemId: samSystem, status: 'ready_for_validation', dueInDays: 1 });
    await finding({ status: 'in_remediation' });
    const queue = await findingsToValidate(rita);
    expect(ids(queue.items)).toEqual([readyEarlier.id, ready.id]);
    expect(queue.total).toBe(2);
  });

  it('shows active critical and high findings only', async () => {
    const critical = await finding({ severity: 'critical', dueInDays: 1 });
    const high = await finding({ severity: 'high', status: 'ready_for_validation', dueInDays: 3 });
    const accepted = await finding({ severity: 'high', status: 'accepted' });
    const medium = await finding({ severity: 'medium', dueInDays: -30 });
    const severe = await severeActiveFindings(rita);
    expect(ids(severe.items)).toEqual([critical.id, high.id]);
    expect(severe.total).toBe(2);
    expect(ids(severe.items)).not.toContain(accepted.id);
    expect(ids(severe.items)).not.toContain(medium.id);
  });

  it('shows accepted risks whose waiver ends within the horizon, soonest first, not ended ones', async () => {
    const waive = async (days: number, ended = false) => {
      const f = await finding({ status: 'accepted', severity: 'high' });
      await unguardedWriter().insert(findingWaivers).values({ findingId: f.id, justification: 'Compensated.', compensatingControls: 'Manual review.', expiresAt: new Date(NOW.getTime() + days * DAY).toISOString(), signerId: rita.userId, printedName: 'Rita', role: 'risk_officer', meaning: 'I accept this risk.', signedAt: NOW.toISOString(), endedAt: ended ? NOW.toISOString() : null, endedReason: ended ? 'expired' : null });
      return f;
    };
    const in20 = await waive(20);
    const in5 = await waive(5);
    const in60 = await waive(60);
    const ended = await waive(2, true);
    const soon = await expiringWaivers(rita, '2027-01-01');
    expect(ids(soon.items)).toEqual([in5.id, in20.id]);
    expect(soon.total).toBe(2);
    expect(ids(soon.items)).not.toContain(in60.id);
    expect(ids(soon.items)).not.toContain(ended.id);
  });
});

describe('the security reviewer’s findings', () => {
  it('lists active vulnerability and red-team findings only', async () => {
    const vulnerability = await finding({ type: 'vulnerability', severity: 'high', dueInDays: 4 });
    const redTeam = await finding({ type: 'red_team_result', dueInDays: 6 });
    const other = await finding({ type: 'limitation', dueInDays: -50 });
    const fixed = await finding({ type: 'vulnerability', status: 'closed' });
    const sr = await makeActor(['security_reviewer']);
    const queue = ids((await securityFindings(sr)).items);
    expect(queue).toEqual([vulnerability.id, redTeam.id]);
    for (const id of [other.id, fixed.id]) expect(queue).not.toContain(id);
  });
});

describe('incidents on the dashboards', () => {
  let n = 0;
  const incident = async (ownerId: string, { serious = true, deadlineInDays = 5, status = 'open' as 'open' | 'reported' | 'closed' } = {}) =>
    only(await unguardedWriter()
      .insert(incidents)
      .values({ number: ++n, title: `Incident ${n}`, description: 'Test.', severity: 'high', serious, awareAt: NOW.toISOString(), reportDeadline: serious ? new Date(NOW.getTime() + deadlineInDays * DAY).toISOString() : null, reportedAt: status === 'open' ? null : NOW.toISOString(), status, ownerId, createdById: ownerId })
      .returning());

  it('shows the owner their open incidents with the countdown, and risk officers every serious one still to report', async () => {
    const late = await incident(dana.userId, { deadlineInDays: -1 });
    const due = await incident(dana.userId, { deadlineInDays: 4 });
    const minor = await incident(dana.userId, { serious: false });
    const closed = await incident(dana.userId, { status: 'closed' });
    const reported = await incident(sam.userId, { status: 'reported' });
    const samsDue = await incident(sam.userId, { deadlineInDays: 2 });
    const own = await ownOpenIncidents(dana, NOW);
    expect(ids(own)).toEqual([late.id, due.id, minor.id]);
    expect(own[0]).toMatchObject({ reference: `INC-${late.number}`, clock: { overdue: true } });
    expect(own[1]!.countdown).toMatch(/^Report due in 4 days/);
    expect(ids(own)).not.toContain(closed.id);
    const serious = await seriousIncidentsDue(rita, NOW);
    expect(ids(serious.items)).toEqual([late.id, samsDue.id, due.id]);
    expect(ids(serious.items)).not.toContain(reported.id);
    expect(ids((await seriousIncidentsDue(rita, NOW, { ownerId: sam.userId })).items)).toEqual([samsDue.id]);
    expect(await incidentCounts(auditor, NOW)).toMatchObject({ total: 6, late: 1, byStatus: expect.arrayContaining([{ status: 'open', n: 4 }]) });
  });
});

describe('the auditor’s counts', () => {
  it('count every finding by severity and status, and the overdue active ones by severity', async () => {
    const counts = await findingCounts(auditor, TODAY);
    const all = first(await getDb().select({ n: count() }).from(findings).limit(1))!.n;
    expect(counts.total).toBe(all);
    const rows = await getDb().select().from(findings);
    for (const c of counts.cells) expect(c.n, `${c.severity} ${c.status}`).toBe(rows.filter((r) => r.severity === c.severity && r.status === c.status).length);
    const overdue = rows.filter((r) => ['open', 'in_remediation', 'ready_for_validation'].includes(r.status) && r.dueDate < TODAY);
    expect(counts.overdueTotal).toBe(overdue.length);
    expect(counts.overdueTotal).toBeGreaterThan(0);
  });

  it('refuses an API token without the read scope', async () => {
    const token: Actor = { ...auditor, type: 'token', tokenId: 't', scopes: ['register'] };
    await expect(async () => await findingCounts(token, TODAY)).rejects.toThrow(Forbidden);
    await expect(async () => await ownFindingsByDue(token, TODAY)).rejects.toThrow(Forbidden);
  });
});

describe('query plans at scale', () => {
  /** Every statement the call prepares, with its EXPLAIN QUERY PLAN lines. */
  async function plansOf(run: () => Promise<void>) {
    const sqlite = getConnection().readerSqlite;
    const prepare = vi.spyOn(sqlite, 'prepare');
    await run();
    const statements = prepare.mock.calls.map(([text]) => String(text));
    prepare.mockRestore();
    return statements.map((text) => ({ text, plan: sqlite.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...Array((text.match(/\?/g) ?? []).length).fill(null)).map((r) => (r as { detail: string }).detail) }));
  }

  // SQLite's EXPLAIN QUERY PLAN lines (SCAN, COVERING INDEX, TEMP B-TREE); PostgreSQL's planner seq-scans these tiny test tables by cost.
  it.skipIf(onPostgres)('never scans the findings or waivers tables nor sorts findings in a temporary tree (covering index walks only)', async () => {
    // With statistics, the planner knows the users and systems tables are small: it must still walk findings first.
    getConnection().sqlite.exec('ANALYZE');
    const plans = await plansOf(async () => {
      await ownFindingsByDue(dana, TODAY);
      await findingsToValidate(rita);
      await severeActiveFindings(rita);
      await securityFindings(rita);
      await expiringWaivers(rita, '2027-01-01');
      await findingCounts(auditor, TODAY);
    });
    const checked = plans.filter((p) => /from "(findings|finding_waivers)"/.test(p.text));
    expect(checked.length).toBeGreaterThan(10);
    for (const { text, plan } of checked) {
      for (const line of plan) {
        expect(line, text).not.toMatch(/^SCAN (?!.*COVERING INDEX)/);
        expect(line, text).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
      }
    }
  });
});
