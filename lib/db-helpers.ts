import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { DIALECT } from '@/db/dialect';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

/** SQLite's LIKE ignores ASCII case; PostgreSQL's needs ILIKE for that. */
const LIKE = sql.raw(DIALECT === 'postgresql' ? 'ILIKE' : 'LIKE');

/** Case-insensitive substring match on any of the columns, with LIKE wildcards in the needle escaped. */
export function containsAny(columns: (AnySQLiteColumn | SQL)[], needle: string): SQL {
  const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const alternatives = sql.join(
    columns.map((c) => sql`${c} ${LIKE} ${pattern} ESCAPE '\\'`),
    sql` OR `,
  );
  return sql`(${alternatives})`;
}

/** Searches match at most this many distinct words: each is a scan of its columns, so a 100-word query would hold the server. */
export const MAX_SEARCH_WORDS = 8;

/**
 * One `containsAny` per distinct word of `q` (at most MAX_SEARCH_WORDS): combined with AND, every word must appear.
 * Words are kept as typed: SQLite's LIKE folds ASCII case only, so a lower-cased 'Ü' would no longer find 'Ü'.
 */
export function containsEveryWord(columns: (AnySQLiteColumn | SQL)[], q: string | undefined): SQL[] {
  const words = [...new Set((q ?? '').split(/\s+/).filter(Boolean))].slice(0, MAX_SEARCH_WORDS);
  return words.map((word) => containsAny(columns, word));
}

/** A name in list order as people expect it: "alpha" beside "Alpha", not after every capital "Z". */
export const nocase = (column: AnySQLiteColumn | SQL) => (DIALECT === 'postgresql' ? sql`lower(${column})` : sql`${column} COLLATE NOCASE`);

export const offsetOf = ({ page, pageSize }: { page: number; pageSize: number }) => (page - 1) * pageSize;

export { inTransaction } from '@/db';
