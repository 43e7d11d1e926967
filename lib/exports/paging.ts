import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { yieldToLoop } from '@/lib/map-in-steps';

/** Rows per query while an export streams: small enough to keep memory flat, large enough to stay fast. */
export const EXPORT_BATCH = 500;

/**
 * Keyset paging: asks for the batch after the last row seen until a short batch says the table is done.
 * Each batch is its own short query, so nothing holds the connection (or the event loop) between reads.
 */
export async function* pageThrough<Row>(fetchAfter: (last: Row | undefined) => Promise<Row[]>, size = EXPORT_BATCH): AsyncGenerator<Row[]> {
  let last: Row | undefined;
  for (let batch = 0; ; batch++) {
    // Between batches the event loop turns: SQLite answers in the same tick, and an export of the whole audit trail
    // chained batch after batch held every other request for seconds.
    if (batch > 0) await yieldToLoop();
    const rows = await fetchAfter(last);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    last = rows.at(-1);
  }
}

/** `(a, b) > (x, y)`: strictly after a row in (a, b) order; no condition before the first batch. */
export function afterKey(columns: [AnySQLiteColumn, AnySQLiteColumn], values: [unknown, unknown] | undefined): SQL | undefined {
  if (!values) return undefined;
  return sql`(${columns[0]}, ${columns[1]}) > (${values[0]}, ${values[1]})`;
}
