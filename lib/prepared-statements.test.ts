import { describe, expect, it } from 'vitest';
import { closeConnection, only, unguardedWriter } from '@/db';
import { datasets, lineageEdges } from '@/db/schema';
import { cachePerConnection, columnPlaceholders, portable, withDefaults } from './prepared-statements';

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
