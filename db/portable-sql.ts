import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { DIALECT } from './dialect';

/** The strings of a JSON array (a value or a placeholder), as a subquery for `IN`: one parameter for any number of ids. */
export const jsonArrayValues = (array: unknown): SQL =>
  DIALECT === 'postgresql' ? sql`(SELECT jsonb_array_elements_text(CAST(${array} AS jsonb)))` : sql`(SELECT value FROM json_each(${array}))`;

/** `a` and `b` differ, NULL counting as a value: SQLite's `IS NOT`, PostgreSQL's `IS DISTINCT FROM`. */
export const isDistinctFrom = (a: unknown, b: unknown): SQL => (DIALECT === 'postgresql' ? sql`${a} IS DISTINCT FROM ${b}` : sql`${a} IS NOT ${b}`);

/** `a` and `b` are the same, NULL matching NULL: SQLite's `IS`, PostgreSQL's `IS NOT DISTINCT FROM`. */
export const isNotDistinctFrom = (a: unknown, b: unknown): SQL => (DIALECT === 'postgresql' ? sql`${a} IS NOT DISTINCT FROM ${b}` : sql`${a} IS ${b}`);

/** The elements of the array at `key` in a JSON column, as a FROM item named `alias` whose `value` column is each one. */
export const jsonArrayAt = (column: unknown, key: string, alias: string): SQL =>
  DIALECT === 'postgresql'
    ? sql`jsonb_array_elements(${column} -> ${key}) AS ${sql.identifier(alias)}(value)`
    : sql`json_each(${column}, ${`$.${key}`}) AS ${sql.identifier(alias)}`;

/** A field of a JSON object value (one of `jsonArrayAt`'s), as text. */
export const jsonTextAt = (value: SQL, key: string): SQL => (DIALECT === 'postgresql' ? sql`(${value} ->> ${key})` : sql`json_extract(${value}, ${`$.${key}`})`);

/** A field of a JSON object value, as a number. */
export const jsonNumberAt = (value: SQL, key: string): SQL => (DIALECT === 'postgresql' ? sql`CAST(${value} ->> ${key} AS double precision)` : sql`json_extract(${value}, ${`$.${key}`})`);

/** How many rows of the group meet `condition` (an aggregate, 0 for none): `count(*) FILTER`, which both databases know. */
export const countWhere = (condition: SQL | undefined): SQL<number> => sql<number>`count(*) FILTER (WHERE ${condition})`.mapWith(Number);

/** The larger of two values of one row: SQLite's two-argument `max`, PostgreSQL's `greatest`. */
export const greatestOf = (a: unknown, b: unknown): SQL => (DIALECT === 'postgresql' ? sql`greatest(${a}, ${b})` : sql`max(${a}, ${b})`);

/**
 * An order key with NULLs placed explicitly: SQLite puts them first when ascending and PostgreSQL last, so any
 * ORDER BY on a nullable column says where they go (both accept NULLS FIRST/LAST).
 */
export const orderNulls = (value: SQLWrapper, direction: 'asc' | 'desc', nulls: 'first' | 'last'): SQL =>
  sql`${value} ${sql.raw(direction === 'desc' ? 'DESC' : 'ASC')} ${sql.raw(nulls === 'first' ? 'NULLS FIRST' : 'NULLS LAST')}`;
