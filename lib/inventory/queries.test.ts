import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withReadTransaction } from '@/db';
import { rawRows } from '@/db/raw';
import type { Actor } from '@/lib/auth/actor';
import { makeActor, makeSystem } from '@/lib/testing';
import { onPostgres } from '@/lib/testing-sql';
import { createDataset } from './create-dataset';
import { createDatasetVersion } from './create-dataset-version';
import { createModel } from './create-model';
import { createModelVersion } from './create-model-version';
import { listDatasets, listSystemDatasets, listSystemIds, listSystemModels, listSystemOwners, listSystems, systemTextMatch } from './queries';
import { ZListSystemsQuery } from './schemas';
import { updateSystem } from './update-system';

let ds: Actor;
let other: Actor;
const query = (q: Record<string, unknown>) => ZListSystemsQuery.parse(q);

beforeAll(async () => {
  ds = await makeActor(['data_scientist']);
  other = await makeActor(['data_scientist']);
  for (let i = 0; i < 30; i++) await makeSystem(i % 3 === 0 ? other : ds, { name: `System ${String(i).padStart(2, '0')}`, riskTier: i % 2 ? 'high' : 'minimal', purpose: i === 7 ? 'Detects 100%_fraud' : 'Scores.' });
});

describe('listSystems', () => {
  it('filters by tier and owner, paginates and counts the total on the server', async () => {
    const page = await listSystems(ds, query({ riskTier: 'high', ownerId: ds.userId, pageSize: 4, page: 2 }));
    expect(page.total).toBe(10);
    expect(page.items).toHaveLength(4);
    expect(page.items.every((s) => s.riskTier === 'high' && s.ownerId === ds.userId)).toBe(true);
    expect(page.items.map((s) => s.name)).toEqual([...page.items.map((s) => s.name)].sort());
  });

  it('searches text literally, with LIKE wildcards escaped', async () => {
    expect((await listSystems(ds, query({ q: '100%_f' }))).items.map((s) => s.name)).toEqual(['System 07']);
    expect((await listSystems(ds, query({ q: '%' }))).total).toBe(1);
    expect((await listSystems(ds, query({ q: '100%_f', riskTier: 'minimal' }))).total).toBe(0);
  });

  it('finds substrings case-insensitively through the search index, which follows edits', async () => {
    const system = await makeSystem(ds, { name: 'Claims triage', purpose: 'Routes motor claims to adjusters.' });
    expect((await listSystems(ds, query({ q: 'MOTOR cla' }))).items.map((s) => s.id)).toEqual([system.id]);
    await updateSystem(ds, system.id, { purpose: 'Routes property claims to adjusters.' });
    expect((await listSystems(ds, query({ q: 'motor cla' }))).total).toBe(0);
    expect((await listSystems(ds, query({ q: 'property' }))).items.map((s) => s.id)).toEqual([system.id]);
  });

  it('never matches across two fields, whatever the needle holds', async () => {
    const system = await makeSystem(ds, { name: 'Ledger reconciler', purpose: 'Matches payments to invoices.', vendorName: 'Northwind' });
    expect((await listSystems(ds, query({ q: 'reconciler' }))).items.map((s) => s.id)).toEqual([system.id]);
    expect((await listSystems(ds, query({ q: 'northwind' }))).items.map((s) => s.id)).toEqual([system.id]);
    expect((await listSystems(ds, query({ q: 'reconcilerMatches' }))).total).toBe(0);
    expect((await listSystems(ds, query({ q: 'reconciler\nMatches' }))).total).toBe(0);
    expect((await listSystems(ds, query({ q: 'reconciler Matches' }))).total).toBe(0);
  });

  it.runIf(onPostgres)('is answered on PostgreSQL by the one trigram index over the four columns, as the list builds it', async () => {
    const plan = await withReadTransaction(async () => {
      // With sequential scans priced out, an expression that differs from the index's could only be scanned.
      await rawRows(sql`SET LOCAL enable_seqscan = off`);
      return (await rawRows<{ 'QUERY PLAN': string }>(sql`EXPLAIN SELECT id FROM ai_systems WHERE ${systemTextMatch('motor')}`)).map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('ai_systems_search_text_idx');
  });

  it('sorts descending and counts each system’s models and versions', async () => {
    const system = await makeSystem(ds, { name: 'ZZZ counted' });
    const model = await createModel(ds, { systemId: system.id, name: 'm' });
    await createModelVersion(ds, { modelId: model.id, version: '1', artifactSha256: 'd'.repeat(64), format: 'onnx' });
    await createModelVersion(ds, { modelId: model.id, version: '2', artifactSha256: 'e'.repeat(64), format: 'onnx' });
    const [first] = (await listSystems(ds, query({ sort: 'name', dir: 'desc', pageSize: 1 }))).items;
    expect(first).toMatchObject({ name: 'ZZZ counted', modelCount: 1, versionCount: 2 });
  });
});

describe('sorting by next review date', () => {
  it('puts systems without one last in both directions, on either database', async () => {
    const purpose = 'Review-date ordering.';
    const [soon, later, undated] = await Promise.all(['Review soon', 'Review later', 'Review never'].map((name) => makeSystem(ds, { name, purpose })));
    await updateSystem(ds, soon!.id, { nextReviewDate: '2027-01-15' });
    await updateSystem(ds, later!.id, { nextReviewDate: '2027-06-30' });
    await updateSystem(ds, undated!.id, { nextReviewDate: null });
    const names = async (dir: 'asc' | 'desc') => (await listSystems(ds, query({ q: purpose, sort: 'nextReviewDate', dir }))).items.map((s) => s.name);
    expect(await names('asc')).toEqual(['Review soon', 'Review later', 'Review never']);
    expect(await names('desc')).toEqual(['Review later', 'Review soon', 'Review never']);
  });
});

describe('names sort case-insensitively', () => {
  // In SQLite's binary order every capital comes first: "Bob" before "amy", "Zeta" before "alpha".
  it('in the inventory, both ways, and in the ids the CSV export reads', async () => {
    for (const name of ['beta casefold', 'Alpha casefold', 'alpha casefold two', 'Gamma casefold']) await makeSystem(ds, { name, purpose: 'Casefold sorting.' });
    const names = async (dir: 'asc' | 'desc') => (await listSystems(ds, query({ q: 'Casefold sorting', dir }))).items.map((s) => s.name);
    expect(await names('asc')).toEqual(['Alpha casefold', 'alpha casefold two', 'beta casefold', 'Gamma casefold']);
    expect(await names('desc')).toEqual(['Gamma casefold', 'beta casefold', 'alpha casefold two', 'Alpha casefold']);
    const ids = await listSystemIds(ds, query({ q: 'Casefold sorting' }));
    expect(ids).toEqual((await listSystems(ds, query({ q: 'Casefold sorting' }))).items.map((s) => s.id));
  });

  it('in models, datasets and owners', async () => {
    const system = await makeSystem(ds, { name: 'Casefold holder' });
    for (const name of ['zeta', 'Beta', 'alpha']) {
      await createModel(ds, { systemId: system.id, name });
      await createDataset(ds, { systemId: system.id, namespace: 's3://casefold', name });
    }
    const order = ['alpha', 'Beta', 'zeta'];
    expect((await listSystemModels(ds, system.id)).map((m) => m.name)).toEqual(order);
    expect((await listDatasets(ds, { systemId: system.id, page: 1, pageSize: 25 })).items.map((d) => d.name)).toEqual(order);
    expect((await listSystemDatasets(ds, system.id)).map((d) => d.name)).toEqual(order);
    const [bob, amy] = [await makeActor(['data_scientist'], 'Bob'), await makeActor(['data_scientist'], 'amy')];
    await makeSystem(bob);
    await makeSystem(amy);
    expect((await listSystemOwners(ds)).filter((o) => o.id === bob.userId || o.id === amy.userId).map((o) => o.name)).toEqual(['Test amy', 'Test Bob']);
  });
});

describe('listSystemDatasets', () => {
  it('counts the versions of each dataset', async () => {
    const system = await makeSystem(ds);
    const dataset = await createDataset(ds, { systemId: system.id, namespace: 's3://bucket', name: 'applications' });
    await createDatasetVersion(ds, dataset.id, { version: 'v1' });
    await createDatasetVersion(ds, dataset.id, { version: 'v2' });
    expect(await listSystemDatasets(ds, system.id)).toEqual([expect.objectContaining({ name: 'applications', versionCount: 2 })]);
  });
});
