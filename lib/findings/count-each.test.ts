import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { withTransaction } from '@/db';
import { findings } from '@/db/schema';
import { rawRows } from '@/db/raw';
import { onPostgres, sqlValue } from '@/lib/testing-sql';
import { countEach } from './segmented-page';

/** The transaction's connection keeps these range counts of severities alone, by how many ranges each counts. */
const keptCounts = () =>
  rawRows<{ name: string; ranges: number }>(
    sql`SELECT name, (length(statement) - length(replace(statement, 'count(*)', ''))) / 8 AS ranges FROM pg_prepared_statements
        WHERE statement LIKE 'SELECT (SELECT count(*) FROM findings%' AND statement NOT LIKE '%status%'`,
  );

afterEach(() => {
  delete process.env.DATABASE_PREPARED_STATEMENTS;
});

describe('range counts', () => {
  it('count each condition as a count(*) of its own would', async () => {
    const each = await countEach([eq(findings.severity, 'high'), eq(findings.status, 'open')]);
    expect(each).toEqual([
      Number(await sqlValue(sql`SELECT count(*) FROM findings WHERE severity = 'high'`)),
      Number(await sqlValue(sql`SELECT count(*) FROM findings WHERE status = 'open'`)),
    ]);
  });

  it.skipIf(!onPostgres)('are one named statement per shape on PostgreSQL, kept by the connection, and unnamed with DATABASE_PREPARED_STATEMENTS=false', async () => {
    const kept = await withTransaction(async () => {
      await countEach([eq(findings.severity, 'high'), eq(findings.severity, 'low')]);
      await countEach([eq(findings.severity, 'critical'), eq(findings.severity, 'medium')]);
      return await keptCounts();
    });
    expect(kept.filter((k) => Number(k.ranges) === 2)).toEqual([{ name: expect.stringMatching(/^provenant_[0-9a-f]{32}$/), ranges: 2 }]);
    process.env.DATABASE_PREPARED_STATEMENTS = 'false';
    const unnamed = await withTransaction(async () => {
      await countEach([eq(findings.severity, 'high'), eq(findings.severity, 'low'), eq(findings.severity, 'medium'), eq(findings.severity, 'critical'), eq(findings.severity, 'high')]);
      return await keptCounts();
    });
    expect(unnamed.filter((k) => Number(k.ranges) === 5)).toEqual([]);
  });
});
