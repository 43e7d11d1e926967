import fs from 'node:fs';
import path from 'node:path';
import { is, SQL } from 'drizzle-orm';
import { getTableConfig as pgTableConfig, PgDialect, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, SQLiteSyncDialect, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as sqliteSchema from './schema/sqlite';
import * as pgSchema from './schema-pg';

/** SQLite column kinds and the PostgreSQL ones that read back as the same JavaScript values. */
const TYPE_TWINS: Record<string, string[]> = {
  SQLiteText: ['PgText'],
  SQLiteInteger: ['PgInteger', 'PgBigInt53'],
  SQLiteBoolean: ['PgBoolean'],
  SQLiteReal: ['PgDoublePrecision'],
  SQLiteTextJson: ['PgJsonb', 'PgJson'],
};

type Config = ReturnType<typeof sqliteTableConfig> | ReturnType<typeof pgTableConfig>;
const sqliteDialect = new SQLiteSyncDialect();
const pgDialect = new PgDialect();

const byName = (a: { name?: string }, b: { name?: string }) => (a.name ?? '').localeCompare(b.name ?? '');

/**
 * A PostgreSQL index's trailing `rowid` (migration 0002's column, outside the schema): every SQLite index ends in the
 * rowid implicitly, so the two indexes hold the same order.
 */
const isRowid = (column: unknown) => is(column, SQL) && pgDialect.sqlToQuery(column).sql === 'rowid';

/** One table's shape in terms both dialects share; column kinds are compared separately, through TYPE_TWINS. */
function describeTable(config: Config, render: (where: SQL) => string) {
  const names = (columns: readonly unknown[]) => columns.map((c) => (c as { name: string }).name);
  return {
    columns: config.columns.map((c) => ({
      name: c.name,
      notNull: c.notNull,
      primary: c.primary,
      unique: c.isUnique ? c.uniqueName : null,
      // Not hasDefault: SQLite sets it on every INTEGER PRIMARY KEY (a rowid); the audit seq is always given explicitly.
      default: c.default,
      defaultFn: c.defaultFn ?? null,
      enumValues: c.enumValues?.length ? c.enumValues : null,
    })),
    primaryKeys: config.primaryKeys.map((pk) => ({ name: pk.getName(), columns: names(pk.columns) })),
    uniqueConstraints: config.uniqueConstraints.map((u) => ({ name: u.getName(), columns: names(u.columns) })).sort(byName),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return {
          name: fk.getName(),
          columns: names(ref.columns),
          table: (ref.foreignTable as unknown as { [k: symbol]: string })[Symbol.for('drizzle:Name')],
          foreignColumns: names(ref.foreignColumns),
          onDelete: fk.onDelete ?? 'no action',
          onUpdate: fk.onUpdate ?? 'no action',
        };
      })
      .sort(byName),
    indexes: config.indexes
      .map(({ config: i }) => ({ name: i.name, columns: names(i.columns.filter((c, k) => !(k === i.columns.length - 1 && isRowid(c)))), unique: i.unique, where: i.where ? render(i.where) : null }))
      .sort(byName),
    checks: config.checks.map((c) => c.name).sort(),
  };
}

const tablesOf = <T>(schema: Record<string, unknown>, kind: new (...args: never[]) => T) =>
  new Map(Object.values(schema).filter((value): value is T => is(value, kind as never)).map((t) => [sqliteOrPgName(t), t]));
const sqliteOrPgName = (table: unknown) => (table as { [k: symbol]: string })[Symbol.for('drizzle:Name')]!;

const sqliteTables = tablesOf(sqliteSchema, SQLiteTable);
const pgTables = tablesOf(pgSchema, PgTable);

describe('the SQLite and PostgreSQL schemas', () => {
  it('export the same names (tables, enums and constants)', () => {
    expect(Object.keys(pgSchema).sort()).toEqual(Object.keys(sqliteSchema).sort());
    expect(sqliteTables.size).toBeGreaterThan(30);
  });

  it('are both handed out by db/schema, each table by name (none falls through to the SQLite star export)', () => {
    const switchSource = fs.readFileSync(path.join(import.meta.dirname, 'schema', 'index.ts'), 'utf8');
    const exported = Object.entries(sqliteSchema).filter(([, value]) => is(value, SQLiteTable)).map(([name]) => name);
    expect(exported.filter((name) => !switchSource.includes(`export const ${name} = chosen(sqlite.${name}, pg.${name});`))).toEqual([]);
  });

  it('hold the same tables', () => {
    expect([...pgTables.keys()].sort()).toEqual([...sqliteTables.keys()].sort());
  });

  describe.each([...sqliteTables.keys()].sort())('table %s', (name) => {
    const sqlite = sqliteTableConfig(sqliteTables.get(name)!);
    const pg = pgTableConfig(pgTables.get(name) ?? pgSchema.users);

    it('has the same columns, keys, unique constraints, foreign keys, indexes and checks', () => {
      expect(pgTables.has(name)).toBe(true);
      const render = (dialect: SQLiteSyncDialect | PgDialect) => (where: SQL) => dialect.sqlToQuery(where).sql;
      expect(describeTable(pg, render(pgDialect))).toEqual(describeTable(sqlite, render(sqliteDialect)));
    });

    it('gives each column a PostgreSQL type that reads back as the same JavaScript value', () => {
      for (const column of sqlite.columns) {
        const twin = pg.columns.find((c) => c.name === column.name);
        expect(TYPE_TWINS[column.columnType], `${name}.${column.name}: ${column.columnType}`).toContain(twin?.columnType);
      }
    });
  });
});

/** The newest snapshot drizzle-kit wrote for a dialect: what the committed migrations build. */
function latestSnapshot(folder: string) {
  const dir = path.join(import.meta.dirname, folder, 'meta');
  const journal = JSON.parse(fs.readFileSync(path.join(dir, '_journal.json'), 'utf8')) as { entries: { idx: number }[] };
  const idx = journal.entries.at(-1)!.idx;
  return JSON.parse(fs.readFileSync(path.join(dir, `${String(idx).padStart(4, '0')}_snapshot.json`), 'utf8')) as {
    tables: Record<string, { name: string; columns: Record<string, { type: string; notNull: boolean }>; indexes: Record<string, { isUnique: boolean }>; foreignKeys: Record<string, unknown>; uniqueConstraints?: Record<string, unknown> }>;
  };
}

/** Tables, columns (SQL type, NOT NULL), indexes (SQLite lists column UNIQUEs as indexes, PostgreSQL as constraints) and foreign keys. */
function shapeOf(config: Config, uniqueColumnsAsIndexes: boolean) {
  const uniqueColumns = config.columns.filter((c) => c.isUnique).map((c) => c.uniqueName!);
  return {
    columns: Object.fromEntries(config.columns.map((c) => [c.name, { type: c.getSQLType(), notNull: c.notNull }])),
    indexes: [...config.indexes.map((i) => i.config.name), ...(uniqueColumnsAsIndexes ? uniqueColumns : [])].sort(),
    uniqueConstraints: uniqueColumnsAsIndexes ? [] : [...uniqueColumns, ...config.uniqueConstraints.map((u) => u.getName()!)].sort(),
    foreignKeys: config.foreignKeys.map((fk) => fk.getName()).sort(),
  };
}

describe('the committed migrations', () => {
  it.each([
    { folder: 'migrations', tables: sqliteTables, config: sqliteTableConfig as (t: unknown) => Config, uniqueColumnsAsIndexes: true },
    { folder: 'migrations-pg', tables: pgTables, config: pgTableConfig as (t: unknown) => Config, uniqueColumnsAsIndexes: false },
  ])('in db/$folder are up to date with the schema (else run its db:generate script)', ({ folder, tables, config, uniqueColumnsAsIndexes }) => {
    const snapshot = Object.values(latestSnapshot(folder).tables);
    const fromSnapshot = Object.fromEntries(
      snapshot.map((t) => [
        t.name,
        {
          columns: Object.fromEntries(Object.entries(t.columns).map(([column, c]) => [column, { type: c.type, notNull: c.notNull }])),
          indexes: Object.keys(t.indexes).sort(),
          uniqueConstraints: Object.keys(t.uniqueConstraints ?? {}).sort(),
          foreignKeys: Object.keys(t.foreignKeys).sort(),
        },
      ]),
    );
    const fromSchema = Object.fromEntries([...tables].map(([name, table]) => [name, shapeOf(config(table), uniqueColumnsAsIndexes)]));
    expect(fromSnapshot).toEqual(fromSchema);
  });
});
