import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { first, getDb } from '@/db';
import { earlierOf, isoDayAfter } from './portable-sql';

/** One expression evaluated by the database under test (SQLite or PostgreSQL, as TEST_DIALECT says). */
const evaluate = async (expression: ReturnType<typeof sql>) => first(await getDb().select({ value: sql<string | null>`${expression}` }).from(sql`(SELECT 1) AS one`).limit(1))?.value ?? null;
const text = (value: string | null) => sql`CAST(${value} AS text)`;

describe('date arithmetic both databases agree on', () => {
  it('moves an ISO timestamp or date by whole days, across months, years and a leap day, and keeps NULL', async () => {
    expect(await evaluate(isoDayAfter(text('2026-11-07T23:59:59.999Z'), 30))).toBe('2026-12-07');
    expect(await evaluate(isoDayAfter(text('2028-02-28'), 1))).toBe('2028-02-29');
    expect(await evaluate(isoDayAfter(text('2026-12-31T00:00:00.000Z'), 1))).toBe('2027-01-01');
    expect(await evaluate(isoDayAfter(text('2026-03-01'), -1))).toBe('2026-02-28');
    expect(await evaluate(isoDayAfter(text(null), 30))).toBeNull();
  });

  it('takes the earlier of two ISO days, the one present when the other is NULL, NULL when both are', async () => {
    expect(await evaluate(earlierOf(text('2027-01-03'), text('2026-12-03')))).toBe('2026-12-03');
    expect(await evaluate(earlierOf(text(null), text('2026-12-03')))).toBe('2026-12-03');
    expect(await evaluate(earlierOf(text('2027-01-03'), text(null)))).toBe('2027-01-03');
    expect(await evaluate(earlierOf(text(null), text(null)))).toBeNull();
  });
});
