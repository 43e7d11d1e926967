import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getConnection, getDb, postgresPool, unguardedWriter } from '@/db';
import { FINDING_STATUSES, findings, SEVERITIES } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { makeActor, makeSystem } from '@/lib/testing';
import { onPostgres } from '@/lib/testing-sql';
import { activeFindingsFor } from './queries';

// What every gate reads (lib/promotion/gate-context.ts): the findings of a model version and of the dataset versions
// upstream of it. Shaped as the findings bench's data: thousands of findings on a few versions, a fifth critical or high.
const VERSIONS = Array.from({ length: 5 }, () => randomUUID());
const DATASET_VERSIONS = Array.from({ length: 3 }, () => randomUUID());
let ro: Actor;

beforeAll(async () => {
  ro = await makeActor(['risk_officer']);
  const systemId = (await makeSystem(ro, { riskTier: 'minimal' })).id;
  let seed = 11;
  const next = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
  const at = '2026-06-15T12:00:00.000Z';
  const rows = Array.from({ length: 3000 }, (_, i) => {
    const onDataset = i % 10 === 0;
    return {
      number: 10_000 + i, type: 'limitation' as const, severity: SEVERITIES[next(5) === 0 ? next(2) : 2 + next(2)]!, status: FINDING_STATUSES[next(6)]!, title: `F${i}`,
      subjectType: onDataset ? ('dataset_version' as const) : ('model_version' as const), subjectId: onDataset ? DATASET_VERSIONS[next(3)]! : VERSIONS[next(5)]!,
      systemId, ownerId: ro.userId, dueDate: '2026-07-01', lastSeenAt: at, createdAt: at, updatedAt: at,
    };
  });
  for (let i = 0; i < rows.length; i += 500) await unguardedWriter().insert(findings).values(rows.slice(i, i + 500));
  // Statistics, as a live database has them (the planner's choice below depends on them).
  if (onPostgres) await postgresPool().query('VACUUM ANALYZE findings');
  else getConnection().sqlite.exec('ANALYZE');
});

const read = () => activeFindingsFor({ modelVersionIds: [VERSIONS[0]!], datasetVersionIds: [DATASET_VERSIONS[0]!], severities: ['critical', 'high'] });

describe('the active findings of a version and its upstream datasets', () => {
  it('are those of both kinds of subject, active or accepted, critical or high, in number order', async () => {
    const all = await getDb().select().from(findings);
    const expected = all
      .filter((f) => (f.subjectId === VERSIONS[0] && f.subjectType === 'model_version') || (f.subjectId === DATASET_VERSIONS[0] && f.subjectType === 'dataset_version'))
      .filter((f) => ['open', 'in_remediation', 'ready_for_validation', 'accepted'].includes(f.status) && ['critical', 'high'].includes(f.severity))
      .map((f) => f.number)
      .sort((a, b) => a - b);
    const found = await read();
    expect(found.map((f) => f.number)).toEqual(expected);
    expect(new Set(found.map((f) => f.subjectType))).toEqual(new Set(['model_version', 'dataset_version']));
  });

  // With an OR of the two kinds in one statement, SQLite read every critical and high finding through the severity
  // index instead: 14 ms rather than 1 for each gate at the bench's 100,000 findings.
  it('are read through the subject index', async () => {
    if (onPostgres) {
      const query = vi.spyOn(pg.Client.prototype, 'query');
      let sent: { text: string; values: unknown[] }[];
      try {
        await read();
        // node-postgres takes the values in the config or beside it.
        sent = query.mock.calls
          .map(([config, values]: unknown[]) => ({ text: String((config as { text?: string })?.text ?? config), values: (config as { values?: unknown[] })?.values ?? (Array.isArray(values) ? values : []) }))
          .filter((c) => /from "findings"/i.test(c.text));
      } finally {
        query.mockRestore();
      }
      expect(sent.length).toBeGreaterThan(0);
      for (const { text, values } of sent) {
        const plan = (await postgresPool().query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, values)).rows.map((row) => row['QUERY PLAN']).join('\n');
        expect(plan, text).toContain('findings_subject_idx');
        expect(plan, text).not.toMatch(/Seq Scan on findings|findings_severity_idx/);
      }
      return;
    }
    const { sqlite } = getConnection();
    const statement = Object.getPrototypeOf(sqlite.prepare('SELECT 1')) as { all: (...args: unknown[]) => unknown[] };
    const all = vi.spyOn(statement, 'all');
    let sent: { text: string; values: unknown[] }[];
    try {
      await read();
      sent = all.mock.calls.map((values, i) => ({ text: (all.mock.contexts[i] as { source: string }).source, values })).filter((s) => /from "findings"/i.test(s.text));
    } finally {
      all.mockRestore();
    }
    expect(sent.length).toBeGreaterThan(0);
    for (const { text, values } of sent) {
      const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...values).map((row) => (row as { detail: string }).detail).join('\n');
      expect(plan, text).toMatch(/SEARCH findings USING INDEX findings_subject_idx/);
    }
  });
});
