import { getTableColumns, sql, type SQL, type SQLWrapper, type Table } from 'drizzle-orm';
import { DIALECT } from './dialect';

/** The strings of a JSON array (a value or a placeholder), as a subquery for `IN`: one parameter for any number of ids. */
export const jsonArrayValues = (array: unknown): SQL =>
  DIALECT === 'postgresql' ? sql`(SELECT jsonb_array_elements_text(CAST(${array} AS jsonb)))` : sql`(SELECT value FROM json_each(${array}))`;

/** Rows per `jsonRecords` statement: bounds the one JSON text (an audit event's, at its largest, is about 35 KB). */
export const JSON_RECORDS_PER_STATEMENT = 1000;

/**
 * The rows of a JSON array of objects (a value or a placeholder) as a SELECT of `table`'s columns in its order, for
 * `db.insert(table).select(...)`: one parameter for any number of rows, so that a many-row insert is prepared once
 * instead of built per call (drizzle takes about 70 µs a row to build a VALUES list). Each object gives every column
 * under its property name (`seq`, `actorType`); a column left out is NULL, not its default. Values go in as JSON gives
 * them, without drizzle's mapping: for tables of text, number and boolean columns (a JSON-mode column would be stored
 * differently by the two databases, so tables with one are refused). PostgreSQL types each field as the column's own
 * type; SQLite takes JSON's. `WHERE true` lets SQLite parse an `ON CONFLICT` after it.
 */
export function jsonRecords(table: Table, rows: unknown): SQL {
  // Every column, as drizzle's insert lists them (a generated column would make the counts differ, loudly).
  const columns = Object.entries(getTableColumns(table));
  const mapped = columns.find(([, column]) => /json/i.test(column.getSQLType()) || /json/i.test(column.columnType));
  if (mapped) throw new Error(`jsonRecords: ${mapped[0]} is a JSON column, which drizzle maps and this insert would not.`);
  if (DIALECT === 'postgresql') {
    const fields = sql.join(columns.map(([key]) => sql`r.${sql.identifier(key)}`), sql`, `);
    const types = sql.join(columns.map(([key, column]) => sql`${sql.identifier(key)} ${sql.raw(column.getSQLType())}`), sql`, `);
    return sql`SELECT ${fields} FROM json_to_recordset(CAST(${rows} AS json)) AS r(${types})`;
  }
  const fields = sql.join(columns.map(([key]) => sql`json_extract(value, ${sql.raw(`'$.${key}'`)})`), sql`, `);
  return sql`SELECT ${fields} FROM json_each(${rows}) WHERE true`;
}

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

/** The ISO day (`YYYY-MM-DD`) `days` after the day an ISO date or timestamp text starts with; NULL stays NULL. */
export const isoDayAfter = (value: SQLWrapper, days: number): SQL =>
  DIALECT === 'postgresql'
    ? sql`to_char(CAST(substr(${value}, 1, 10) AS date) + ${sql.raw(String(Math.trunc(days)))}, 'YYYY-MM-DD')`
    : sql`date(substr(${value}, 1, 10), ${`${days >= 0 ? '+' : ''}${Math.trunc(days)} days`})`;

/** The smaller of two values of one row, NULL only when both are: PostgreSQL's `least` ignores NULLs, SQLite's `min` would not. */
export const earlierOf = (a: SQLWrapper, b: SQLWrapper): SQL =>
  DIALECT === 'postgresql' ? sql`least(${a}, ${b})` : sql`min(coalesce(${a}, ${b}), coalesce(${b}, ${a}))`;
