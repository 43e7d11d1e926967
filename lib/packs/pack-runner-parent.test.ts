import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb, withTransaction } from '@/db';
import { auditEvents, evidencePacks } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { makeActor, makeSystem } from '@/lib/testing';
import { PACK_LEASE_MS, recoverInterruptedPacks } from './recover-interrupted-packs';
import { failEvidencePack, GENERATOR_ACTOR } from './finish-evidence-pack';
import { REQUEUED_PHASE } from './schemas';
import { claimNextQueuedPack } from './start-queued-packs';
import { requestEvidencePack } from './request-evidence-pack';

// A server stand-in: starts the queued pack exactly as the server does, prints its own and the generator's pid, idles.
const PARENT = `
import { startQueuedPacks } from '@/lib/packs/start-queued-packs';
void startQueuedPacks().then(([child]) => console.log(JSON.stringify({ parent: process.pid, child: child.pid })));
setInterval(() => undefined, 1000);
`;

// A server stand-in that stops as server.mjs does on SIGTERM, with a grace period short enough to run out.
const STOPPING_PARENT = `
import http from 'node:http';
import { stoppable } from '@/lib/http/graceful-stop.mjs';
import { startQueuedPacks } from '@/lib/packs/start-queued-packs';
const lifecycle = stoppable(() => undefined, { graceMs: Number(process.env.GRACE_MS) });
const server = http.createServer(lifecycle.handler).listen(0, '127.0.0.1');
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => void lifecycle.stop(server).then((outcome) => {
  console.log(JSON.stringify({ outcome }));
  process.exit(outcome === 'drained' ? 0 : 1);
}));
void startQueuedPacks().then(([child]) => console.log(JSON.stringify({ parent: process.pid, child: child.pid })));
`;

const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};
const row = async (id: string) => first(await getDb().select().from(evidencePacks).where(eq(evidencePacks.id, id)).limit(1))!;

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

let auditor: Actor;
beforeAll(async () => {
  let ds: Actor;
  [auditor, ds] = await Promise.all([makeActor(['auditor']), makeActor(['data_scientist'])]);
  const system = await makeSystem(ds, { name: 'A long audit register' });
  // Thousands of events make a pack of a hundred-odd pages: long enough to be killed half-way.
  await withTransaction(async (tx) => {
    for (let i = 0; i < 6000; i += 1) await recordAudit(tx, ds, { action: 'system.updated', entityType: 'ai_system', entityId: system.id, after: { note: `change ${i}` } });
  });
});

describe('a pack generator whose server dies', () => {
  it('stops within seconds, leaves its pack unfinished, and the next start fails the pack', async () => {
    const pack = await requestEvidencePack(auditor, { scopeType: 'inventory', scopeId: null, periodFrom: null, periodTo: null });
    const server = spawn('npx', ['tsx', '--conditions=react-server', '--eval', PARENT], { env: { ...process.env }, stdio: ['ignore', 'pipe', 'inherit'] });
    const pids = await new Promise<{ parent: number; child: number }>((resolve) => server.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()))));
    expect(await until(async () => (await row(pack.id)).progress >= 1, 60_000)).toBe(true);
    process.kill(pids.parent, 'SIGKILL');
    const killedAt = Date.now();
    expect(await until(() => !alive(pids.child), 10_000)).toBe(true);
    expect(Date.now() - killedAt).toBeLessThan(5_000);
    expect((await row(pack.id)).status).toBe('running');

    (globalThis as { provenantPacksRecovered?: boolean }).provenantPacksRecovered = undefined;
    // Checked as it would be once the lease ran out: PostgreSQL waits for it (replicas), SQLite does not need to.
    expect(await recoverInterruptedPacks(new Date(Date.now() + PACK_LEASE_MS + 1_000))).toBe(1);
    expect(await row(pack.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/^Interrupted/) });
  }, 120_000);
});

/**
 * Starts the stopping stand-in on a new queued pack. Resolves once its generator has begun, and holds the generator
 * still (SIGSTOP) at once: what the test then does happens before the pack can be finished, however fast the machine.
 */
async function startStoppingServer(graceMs: number) {
  const pack = await requestEvidencePack(auditor, { scopeType: 'inventory', scopeId: null, periodFrom: null, periodTo: null });
  const server = spawn('npx', ['tsx', '--conditions=react-server', '--eval', STOPPING_PARENT], { env: { ...process.env, GRACE_MS: String(graceMs) }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: Record<string, unknown>[] = [];
  server.stdout.on('data', (chunk: Buffer) => lines.push(...chunk.toString().trim().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>)));
  const exitCode = new Promise<number | null>((resolve) => server.once('exit', resolve));
  expect(await until(() => lines.length > 0, 60_000)).toBe(true);
  const { parent, child } = lines[0] as { parent: number; child: number };
  expect(await until(async () => (await row(pack.id)).status === 'running' && (await row(pack.id)).progress >= 1, 60_000)).toBe(true);
  process.kill(child, 'SIGSTOP');
  return { pack, child, parent, exitCode, outcome: () => lines.at(-1) };
}

const actionsOn = async (id: string) => (await getDb().select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.entityId, id)).orderBy(auditEvents.seq)).map((e) => e.action);

describe('a pack generator whose server is told to stop', () => {
  it('ignores the Ctrl-C that reaches it too, and its server waits for the pack to be done', async () => {
    const s = await startStoppingServer(60_000);
    // As a terminal's Ctrl-C does: the signal reaches the generator as well as its server.
    process.kill(s.child, 'SIGINT');
    process.kill(s.child, 'SIGCONT');
    process.kill(s.parent, 'SIGINT');
    expect(await s.exitCode).toBe(0);
    expect(s.outcome()).toEqual({ outcome: 'drained' });
    expect(await row(s.pack.id)).toMatchObject({ status: 'done', progress: 100 });
    expect(await actionsOn(s.pack.id)).toEqual(['evidence_pack.requested', 'evidence_pack.generated']);
  }, 120_000);

  it('when its server cannot wait longer, is ended, and its pack goes back to the queue', async () => {
    const s = await startStoppingServer(1_000);
    // As systemd's stop does: SIGTERM to every process of the service.
    process.kill(s.child, 'SIGTERM');
    process.kill(s.parent, 'SIGTERM');
    expect(await s.exitCode).toBe(1);
    expect(s.outcome()).toEqual({ outcome: 'cut' });
    expect(alive(s.child)).toBe(false);
    expect(await row(s.pack.id)).toMatchObject({ status: 'queued', progress: 0, phase: REQUEUED_PHASE, runnerId: null, startedAt: null, error: null });
    expect(await actionsOn(s.pack.id)).toEqual(['evidence_pack.requested', 'evidence_pack.requeued']);
    // First in the queue again, for the next server that looks.
    expect(await claimNextQueuedPack()).toBe(s.pack.id);
    await failEvidencePack(GENERATOR_ACTOR, s.pack.id, 'Done with it in this test.');
  }, 120_000);

  it('is never failed for a Ctrl-C that comes before it could ignore it: its pack goes back to the queue', async () => {
    const pack = await requestEvidencePack(auditor, { scopeType: 'inventory', scopeId: null, periodFrom: null, periodTo: null });
    const server = spawn('npx', ['tsx', '--conditions=react-server', '--eval', STOPPING_PARENT], { env: { ...process.env, GRACE_MS: '60000' }, stdio: ['ignore', 'pipe', 'inherit'] });
    const exitCode = new Promise<number | null>((resolve) => server.once('exit', resolve));
    const { parent, child } = await new Promise<{ parent: number; child: number }>((resolve) => server.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()))));
    // At once: the generator has not loaded its first module yet (lib/cli/pack-runtime.test.ts covers what follows).
    process.kill(child, 'SIGINT');
    // The server hears of its generator's death before its own signal (the order a Ctrl-C leaves open).
    await until(() => !alive(child), 1_000);
    process.kill(parent, 'SIGINT');
    expect(await exitCode).toBe(0);
    const after = await row(pack.id);
    // Should the generator have been quicker than this test, it ignored the signal and finished its pack.
    expect(['done', 'queued']).toContain(after.status);
    expect(await actionsOn(pack.id)).toEqual(['evidence_pack.requested', after.status === 'done' ? 'evidence_pack.generated' : 'evidence_pack.requeued']);
    if (after.status === 'queued') await failEvidencePack(GENERATOR_ACTOR, pack.id, 'Done with it in this test.');
  }, 120_000);
});
