import { sql, type SQL } from 'drizzle-orm';
import { DIALECT } from './dialect';

/** The strings of a JSON array (a value or a placeholder), as a subquery for `IN`: one parameter for any number of ids. */
export const jsonArrayValues = (array: unknown): SQL =>
  DIALECT === 'postgresql' ? sql`(SELECT jsonb_array_elements_text(CAST(${array} AS jsonb)))` : sql`(SELECT value FROM json_each(${array}))`;

/** `a` and `b` differ, NULL counting as a value: SQLite's `IS NOT`, PostgreSQL's `IS DISTINCT FROM`. */
export const isDistinctFrom = (a: unknown, b: unknown): SQL => (DIALECT === 'postgresql' ? sql`${a} IS DISTINCT FROM ${b}` : sql`${a} IS NOT ${b}`);

/** `a` and `b` are the same, NULL matching NULL: SQLite's `IS`, PostgreSQL's `IS NOT DISTINCT FROM`. */
export const isNotDistinctFrom = (a: unknown, b: unknown): SQL => (DIALECT === 'postgresql' ? sql`${a} IS NOT DISTINCT FROM ${b}` : sql`${a} IS ${b}`);
