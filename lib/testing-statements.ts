import pg from 'pg';
import { vi } from 'vitest';
import { getConnection } from '@/db';
import { onPostgres } from '@/lib/testing-sql';

/**
 * How many statements matching `pattern` reach the database while `run` runs: on PostgreSQL every query a pooled
 * client sends, on SQLite every statement prepared on either connection (the writer's or the reader's).
 */
export async function statementsDuring(pattern: RegExp, run: () => Promise<unknown>): Promise<number> {
  type Spy = { mock: { calls: unknown[][] }; mockRestore: () => void };
  const spies: Spy[] = onPostgres ? [vi.spyOn(pg.Client.prototype, 'query')] : [vi.spyOn(getConnection().sqlite, 'prepare'), vi.spyOn(getConnection().readerSqlite, 'prepare')];
  try {
    await run();
    // node-postgres takes the text or a config holding it; better-sqlite3 the text.
    return spies.flatMap((spy) => spy.mock.calls).filter(([query]) => pattern.test(String((query as { text?: unknown } | null)?.text ?? query))).length;
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}
