import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeConnection, only, unguardedWriter, withTransaction } from '@/db';
import { rawRows } from '@/db/raw';
import { datasets, datasetVersions, lineageEdges } from '@/db/schema';
import { onPostgres, sqlValue } from '@/lib/testing-sql';
import { cachePerConnection, columnPlaceholders, portable, preparedPerConnection, withDefaults } from './prepared-statements';

describe('prepared statements for the ingest path', () => {
  it('insert the row drizzle itself would insert, defaults included, and keep explicit values', async () => {
    const db = unguardedWriter();
    // portable(): `get` on SQLite, `execute` on PostgreSQL, the same way the ingest path runs them.
    const insert = portable(db.insert(datasets).values(columnPlaceholders(datasets)).returning().prepare());
    const viaDrizzle = only(await db.insert(datasets).values({ namespace: 's3://a', name: 'drizzle' }).returning());
    const viaPrepared = await insert.get(withDefaults(datasets, { namespace: 's3://a', name: 'prepared' }));
    const generated = ({ id, name, createdAt, updatedAt, ...rest }: typeof viaPrepared) => ({ rest, id, name, createdAt, updatedAt });
    const { rest, id, createdAt, updatedAt } = generated(viaPrepared);
    expect(rest).toEqual(generated(viaDrizzle).rest);
    expect(rest).toMatchObject({ description: '', license: '', personalData: false, datasheet: {}, facets: null, systemId: null });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(id).not.toBe(viaDrizzle.id);
    expect(createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(updatedAt).toBe(createdAt);
    const explicit = await insert.get(withDefaults(datasets, { namespace: 's3://a', name: 'explicit', personalData: true, datasheet: { motivation: 'x' }, facets: { a: 1 } }));
    expect(explicit).toMatchObject({ personalData: true, datasheet: { motivation: 'x' }, facets: { a: 1 } });
  });

  it('keep a boolean a caller left unknown (null) unknown, where drizzle would encode it as false', async () => {
    const db = unguardedWriter();
    const dataset = only(await db.insert(datasets).values({ namespace: 's3://a', name: 'booleans' }).returning());
    const insert = portable(db.insert(datasetVersions).values(columnPlaceholders(datasetVersions)).returning().prepare());
    const stored = [];
    for (const [version, personalData] of [['unknown', null], ['yes', true], ['no', false]] as const) {
      stored.push((await insert.get(withDefaults(datasetVersions, { datasetId: dataset.id, version, personalData })))!.personalData);
    }
    expect(stored).toEqual([null, true, false]);
    const read = await db.select({ version: datasetVersions.version, personalData: datasetVersions.personalData }).from(datasetVersions).where(eq(datasetVersions.datasetId, dataset.id)).orderBy(datasetVersions.version);
    expect(read).toEqual([{ version: 'no', personalData: false }, { version: 'unknown', personalData: null }, { version: 'yes', personalData: true }]);
  });

  it('give each insert its own generated values', () => {
    const [a, b] = [withDefaults(lineageEdges, { fromNode: 'run:a', toNode: 'run:b', relation: 'output' }), withDefaults(datasets, { namespace: 'n', name: 'x' })];
    expect(a).toEqual({ fromNode: 'run:a', toNode: 'run:b', relation: 'output', statistics: null, createdAt: expect.any(String) });
    expect(withDefaults(datasets, { namespace: 'n', name: 'x' }).id).not.toBe(b.id);
  });

  it('are built once per connection, and again after the database is reopened', async () => {
    let builds = 0;
    const statements = cachePerConnection((db) => ({ builds: ++builds, count: db.select().from(datasets).prepare() }));
    const first = statements();
    expect(statements()).toBe(first);
    closeConnection();
    const reopened = statements();
    expect(reopened).not.toBe(first);
    expect(reopened.builds).toBe(2);
    expect((await portable(reopened.count).all()).length).toBeGreaterThan(0);
  });
});

describe.runIf(onPostgres)('prepared statements on PostgreSQL', () => {
  const statements = preparedPerConnection((db) => ({
    insert: db.insert(datasets).values(columnPlaceholders(datasets)).returning({ id: datasets.id }).prepare(),
    byName: db.select({ id: datasets.id }).from(datasets).where(eq(datasets.name, sql.placeholder('name'))).prepare(),
  }));
  const row = (name: string) => withDefaults(datasets, { namespace: 's3://named', name });
  /** The statement names node-postgres was given for each statement text while `run` ran. */
  async function namesDuring(run: () => Promise<unknown>) {
    const spy = vi.spyOn(pg.Client.prototype, 'query');
    try {
      await run();
      return spy.mock.calls.map(([query]) => query as { text?: string; name?: string }).filter((query) => typeof query.text === 'string' && /datasets/.test(query.text)).map((query) => ({ write: /^insert/.test(query.text!), name: query.name }));
    } finally {
      spy.mockRestore();
    }
  }
  afterEach(() => {
    delete process.env.DATABASE_PREPARED_STATEMENTS;
  });

  it('run writes as named statements, parsed once per connection, and reads unnamed', async () => {
    const seen = await namesDuring(async () => {
      // Several transactions, one failing after the write: the named statement stays usable on its connection.
      await withTransaction(async () => await statements().insert.get(row('named-1')));
      await expect(withTransaction(async () => {
        await statements().insert.get(row('named-rolled-back'));
        throw new Error('rolled back');
      })).rejects.toThrow('rolled back');
      for (const name of ['named-2', 'named-3']) await withTransaction(async () => await statements().insert.get(row(name)));
      expect(await withTransaction(async () => await statements().byName.get({ name: 'named-3' }))).toEqual({ id: expect.any(String) });
    });
    const writes = seen.filter((s) => s.write);
    expect(writes).toHaveLength(4);
    expect(new Set(writes.map((w) => w.name)).size).toBe(1);
    expect(writes[0]!.name).toMatch(/^provenant_[0-9a-f]{32}$/);
    expect(seen.filter((s) => !s.write).map((s) => s.name)).toEqual([undefined]);
    expect(await sqlValue(sql`SELECT count(*)::int FROM datasets WHERE namespace = 's3://named'`)).toBe(3);
    // Kept by the connection that ran it (asked on the same connection, in the same transaction).
    const kept = await withTransaction(async () => {
      await statements().insert.get(row('named-4'));
      return await rawRows<{ name: string }>(sql`SELECT name FROM pg_prepared_statements WHERE name LIKE 'provenant_%'`);
    });
    expect(kept.map((r) => r.name)).toContain(writes[0]!.name);
  });

  it('run every statement unnamed with DATABASE_PREPARED_STATEMENTS=false, for a pooler that cannot keep them', async () => {
    process.env.DATABASE_PREPARED_STATEMENTS = 'false';
    const seen = await namesDuring(async () => await withTransaction(async () => await statements().insert.get(row('unnamed'))));
    expect(seen).toEqual([{ write: true, name: undefined }]);
    for (const value of ['no', '0', 'off']) {
      process.env.DATABASE_PREPARED_STATEMENTS = value;
      await expect(withTransaction(async () => await statements().insert.get(row('refused')))).rejects.toThrow(`DATABASE_PREPARED_STATEMENTS must be true or false, not "${value}"`);
    }
  });
});
