import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb, unguardedWriter } from '@/db';
import { modelVersions, type Stage } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { makeActor, makeSystem } from '@/lib/testing';
import { onPostgres } from '@/lib/testing-sql';
import { createModel } from './create-model';
import { createModelVersion } from './create-model-version';
import { listModelRows } from './model-list';
import { ZListModelRowsQuery } from './model-list-query';

let dana: Actor;
let sam: Actor;
let auditor: Actor;
const list = async (actor: Actor, q: Record<string, unknown>) => await listModelRows(actor, ZListModelRowsQuery.parse({ system: 'Listed', ...q }));
const names = async (actor: Actor, q: Record<string, unknown> = {}) => (await list(actor, q)).items.map((m) => m.name);

/**
 * The number of statements run outside a transaction while `fn` runs: SQLite prepares each one on the read-only
 * connection; on PostgreSQL drizzle sends each through the pool's `query`.
 */
async function statementsDuring(fn: () => Promise<unknown>): Promise<number> {
  const client = getDb().$client as unknown as Record<'prepare' | 'query', (...args: unknown[]) => unknown>;
  const spy = vi.spyOn(client, onPostgres ? 'query' : 'prepare');
  try {
    await fn();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

let digest = 0;
/** A version put in its stage directly: the seed's way, since promotion is not what this test is about. */
async function version(owner: Actor, modelId: string, label: string, stage: Stage, at: string) {
  const v = await createModelVersion(owner, { modelId, version: label, artifactSha256: (++digest).toString(16).padStart(64, '0') });
  await unguardedWriter().update(modelVersions).set({ stage, stageChangedAt: at, createdAt: at, updatedAt: at }).where(eq(modelVersions.id, v.id));
  return v;
}

beforeAll(async () => {
  [dana, sam, auditor] = await Promise.all([makeActor(['data_scientist']), makeActor(['data_scientist']), makeActor(['auditor'])]);
  const credit = await makeSystem(dana, { name: 'Listed credit' });
  const fraud = await makeSystem(sam, { name: 'Listed fraud' });
  const scorer = await createModel(dana, { systemId: credit.id, name: 'beta-scorer' });
  await version(dana, scorer.id, '1.0', 'archived', '2026-01-01T00:00:00.000Z');
  await version(dana, scorer.id, '2.0', 'production', '2026-02-01T00:00:00.000Z');
  await version(dana, scorer.id, '3.0-rc', 'staging', '2026-03-01T00:00:00.000Z');
  const alpha = await createModel(dana, { systemId: credit.id, name: 'Alpha-limits' });
  await version(dana, alpha.id, '0.1', 'development', '2026-01-15T00:00:00.000Z');
  await createModel(sam, { systemId: fraud.id, name: 'alpha-fraud' });
  const gamma = await createModel(sam, { systemId: fraud.id, name: 'Gamma-graph' });
  await version(sam, gamma.id, '5.0', 'production', '2026-02-10T00:00:00.000Z');
});

describe('listModelRows', () => {
  it('gives each model its system, owner, latest version and stage, and the version in production', async () => {
    const [row] = (await list(auditor, { q: 'beta' })).items;
    expect(row).toMatchObject({ name: 'beta-scorer', systemName: 'Listed credit', ownerName: dana.name, versionCount: 3, latest: { version: '3.0-rc', stage: 'staging' }, production: { version: '2.0' } });
    expect(row!.updatedAt >= '2026-03-01').toBe(true);
    const [empty] = (await list(auditor, { q: 'alpha-fraud' })).items;
    expect(empty).toMatchObject({ versionCount: 0, latest: null, production: null });
  });

  it('sorts names case-insensitively, both ways', async () => {
    expect(await names(auditor)).toEqual(['alpha-fraud', 'Alpha-limits', 'beta-scorer', 'Gamma-graph']);
    expect(await names(auditor, { dir: 'desc' })).toEqual(['Gamma-graph', 'beta-scorer', 'Alpha-limits', 'alpha-fraud']);
  });

  it('filters by name, system, a stage some version is in, owner and mine', async () => {
    expect(await names(auditor, { q: 'ALPHA' })).toEqual(['alpha-fraud', 'Alpha-limits']);
    expect(await names(auditor, { system: 'listed FRAUD' })).toEqual(['alpha-fraud', 'Gamma-graph']);
    expect(await names(auditor, { stage: 'production' })).toEqual(['beta-scorer', 'Gamma-graph']);
    expect(await names(auditor, { stage: 'development' })).toEqual(['Alpha-limits']);
    expect(await names(auditor, { owner: sam.userId })).toEqual(['alpha-fraud', 'Gamma-graph']);
    expect(await names(dana, { owner: 'me' })).toEqual(['Alpha-limits', 'beta-scorer']);
    expect(await names(auditor, { owner: 'me' })).toEqual([]);
    expect(await names(auditor, { q: 'alpha', stage: 'production' })).toEqual([]);
  });

  it('pages on the server with the total, and counts a page past the end', async () => {
    const second = await list(auditor, { pageSize: 3, page: 2 });
    expect(second).toMatchObject({ total: 4, page: 2 });
    expect(second.items.map((m) => m.name)).toEqual(['Gamma-graph']);
    expect(await list(auditor, { pageSize: 3, page: 9 })).toMatchObject({ total: 4, items: [] });
    expect(await list(auditor, { q: 'nothing like this' })).toMatchObject({ total: 0, items: [] });
  });

  it('sorts by the last change of the model or any of its versions', async () => {
    expect((await names(auditor, { sort: 'updatedAt', dir: 'asc' })).at(-1)).not.toBe('beta-scorer');
    await unguardedWriter().update(modelVersions).set({ updatedAt: '2999-01-01T00:00:00.000Z' }).where(eq(modelVersions.version, '0.1'));
    expect((await names(auditor, { sort: 'updatedAt', dir: 'desc' }))[0]).toBe('Alpha-limits');
  });

  it('reads the page in one statement, whatever the number of rows', async () => {
    const statements = await statementsDuring(async () => {
      await list(auditor, { pageSize: 2 });
      await list(auditor, { pageSize: 50 });
    });
    expect(statements).toBe(2);
  });
});
