import { spawn } from 'node:child_process';
import { count, eq, inArray } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as itemRoute from '@/app/api/v1/evidence-packs/[id]/route';
import * as listRoute from '@/app/api/v1/evidence-packs/route';
import { first as firstRow, getDb, withTransaction } from '@/db';
import { auditEvents, evidencePacks } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { TooManyRequests } from '@/lib/errors';
import { makeActor } from '@/lib/testing';
import { claimEvidencePack, failEvidencePack, GENERATOR_ACTOR } from './finish-evidence-pack';
import { requestEvidencePack } from './request-evidence-pack';
import { claimNextQueuedPack, startQueuedPacks } from './start-queued-packs';
import { mapInOrder } from '@/lib/map-in-order';

// A second server: claims packs in a tight loop from the same moment as the other one, prints what it took.
const CLAIMER = `
import { claimNextQueuedPack } from '@/lib/packs/start-queued-packs';
while (Date.now() < Number(process.env.GO)) {}
void (async () => {
  const taken = [];
  for (let id = await claimNextQueuedPack(); id; id = await claimNextQueuedPack()) taken.push(id);
  console.log(JSON.stringify(taken));
})();
`;

function claimElsewhere(go: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', '--conditions=react-server', '--eval', CLAIMER], { env: { ...process.env, GO: String(go), PACK_CONCURRENCY: '5' } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`claimer exited ${code}`))));
  });
}

const INVENTORY = { scopeType: 'inventory', scopeId: null, periodFrom: null, periodTo: null } as const;
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const rows = async () => firstRow(await getDb().select({ n: count() }).from(evidencePacks).limit(1))!.n;
const events = async () => firstRow(await getDb().select({ n: count() }).from(auditEvents).limit(1))!.n;
const statusOf = async (id: string) => firstRow(await getDb().select().from(evidencePacks).where(eq(evidencePacks.id, id)).limit(1))!.status;

let a: Actor;
let b: Actor;
let c: Actor;
let tokenA: string;

async function position(id: string) {
  const response = await itemRoute.GET(new NextRequest(`http://localhost/api/v1/evidence-packs/${id}`, { headers: { authorization: `Bearer ${tokenA}` } }), ctx({ id }));
  return ((await response.json()) as { queuePosition: number | null }).queuePosition;
}

async function positions(ids: Record<string, string>) {
  const entries = await Promise.all(Object.entries(ids).map(async ([name, id]) => [name, await position(id)] as const));
  return Object.fromEntries(entries);
}

beforeAll(async () => {
  [a, b, c] = await Promise.all([makeActor(['auditor'], 'a'), makeActor(['risk_officer'], 'b'), makeActor(['admin'], 'c')]);
  tokenA = (await createApiToken(systemActor('test'), a.userId, { name: 'read-only', scopes: ['read'] })).secret;
});

describe('the evidence pack queue', () => {
  it('takes five packs from one user and refuses the rest with 429, writing nothing for them', async () => {
    const accepted = await mapInOrder(Array.from({ length: 5 }), async () => (await requestEvidencePack(a, INVENTORY)).id);
    const before = [await rows(), await events()];
    await expect(async () => await requestEvidencePack(a, INVENTORY)).rejects.toThrow(TooManyRequests);
    const refused = await listRoute.POST(
      new NextRequest('http://localhost/api/v1/evidence-packs', { method: 'POST', headers: { authorization: `Bearer ${tokenA}`, 'content-type': 'application/json' }, body: JSON.stringify({ scopeType: 'inventory' }) }),
      ctx(),
    );
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe('too_many_requests');
    expect([await rows(), await events()]).toEqual(before);
    expect(await Promise.all(accepted.map(position))).toEqual([1, 2, 3, 4, 5]);
  });

  it('runs one pack per user and at most the global limit, in the order they were queued, each claimed once', async () => {
    const [a1, a2, a3, a4, a5] = (await getDb().select({ id: evidencePacks.id }).from(evidencePacks).where(eq(evidencePacks.requestedById, a.userId))).map((row) => row.id) as [string, string, string, string, string];
    expect(await claimNextQueuedPack()).toBe(a1);
    expect(await claimNextQueuedPack()).toBeNull();
    const [b1, b2] = [(await requestEvidencePack(b, INVENTORY)).id, (await requestEvidencePack(b, INVENTORY)).id];
    const c1 = (await requestEvidencePack(c, INVENTORY)).id;
    expect(await positions({ a2, a3, a4, a5, b1, b2, c1 })).toEqual({ a2: 1, a3: 2, a4: 3, a5: 4, b1: 5, b2: 6, c1: 7 });
    expect(await claimNextQueuedPack()).toBe(b1);
    expect(await claimNextQueuedPack()).toBeNull();
    expect(await positions({ a1, b1, a2, b2, c1 })).toEqual({ a1: null, b1: null, a2: 1, b2: 5, c1: 6 });

    // The generator a server started takes its pack once; a second runner for it is refused.
    expect(await claimEvidencePack(a1)).toMatchObject({ status: 'running', progress: 1 });
    await expect(async () => await claimEvidencePack(a1)).rejects.toThrow(/not waiting for a generator/);
    await failEvidencePack(GENERATOR_ACTOR, a1, 'test: slot freed');
    expect(await claimNextQueuedPack()).toBe(a2);
    expect(await claimNextQueuedPack()).toBeNull();
    await failEvidencePack(GENERATOR_ACTOR, b1, 'test: slot freed');
    expect(await claimNextQueuedPack()).toBe(b2);
    expect(await mapInOrder([a1, b1, a2, b2, c1], statusOf)).toEqual(['failed', 'failed', 'running', 'running', 'queued']);
    expect(await positions({ a3, c1 })).toEqual({ a3: 1, c1: 4 });
  });

  it('follows PACK_CONCURRENCY', async () => {
    process.env.PACK_CONCURRENCY = '3';
    try {
      expect(await claimNextQueuedPack()).toBe(firstRow(await getDb().select({ id: evidencePacks.id }).from(evidencePacks).where(eq(evidencePacks.requestedById, c.userId)).limit(1))!.id);
      expect(await claimNextQueuedPack()).toBeNull();
    } finally {
      delete process.env.PACK_CONCURRENCY;
    }
  });

  it('lets two servers claiming at the same moment take each pack once and never run more than the limit together', async () => {
    for (const { id } of await getDb().select({ id: evidencePacks.id }).from(evidencePacks).where(inArray(evidencePacks.status, ['queued', 'running']))) await failEvidencePack(GENERATOR_ACTOR, id, 'test: a clean slate');
    const people = await Promise.all(Array.from({ length: 8 }, (_, i) => makeActor(['auditor'], `race${i}`)));
    const ids = await mapInOrder(people, async (person) => (await requestEvidencePack(person, INVENTORY)).id);
    const go = Date.now() + 4000;
    const [first, second] = await Promise.all([claimElsewhere(go), claimElsewhere(go)]);
    const taken = [...first, ...second];
    expect(new Set(taken).size).toBe(taken.length);
    expect(taken).toHaveLength(5);
    expect(firstRow(await getDb().select({ n: count() }).from(evidencePacks).where(eq(evidencePacks.status, 'running')).limit(1))!.n).toBe(5);
    expect(taken.every((id) => ids.includes(id))).toBe(true);
  }, 60_000);

  it('is left alone by a server that is stopping: another replica, or this one restarted, takes the pack', async () => {
    // Nothing else queued or running: the pack below is the one a serving server would claim now.
    await withTransaction(async (tx) => await tx.update(evidencePacks).set({ status: 'failed' }).where(inArray(evidencePacks.status, ['queued', 'running'])));
    const person = await makeActor(['auditor']);
    const id = (await requestEvidencePack(person, INVENTORY)).id;
    const scope = globalThis as Record<symbol, unknown>;
    scope[Symbol.for('provenant.stop')] = { stopping: true, work: new Set() };
    try {
      expect(await startQueuedPacks()).toEqual([]);
      expect(await statusOf(id)).toBe('queued');
    } finally {
      delete scope[Symbol.for('provenant.stop')];
    }
    expect(await claimNextQueuedPack()).toBe(id);
  });
});
