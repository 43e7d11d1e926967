import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb, withTransaction } from '@/db';
import { evidencePacks } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { makeActor, makeSystem } from '@/lib/testing';
import { PACK_LEASE_MS, recoverInterruptedPacks } from './recover-interrupted-packs';
import { requestEvidencePack } from './request-evidence-pack';

// A server stand-in: starts the queued pack exactly as the server does, prints its own and the generator's pid, idles.
const PARENT = `
import { startQueuedPacks } from '@/lib/packs/start-queued-packs';
void startQueuedPacks().then(([child]) => console.log(JSON.stringify({ parent: process.pid, child: child.pid })));
setInterval(() => undefined, 1000);
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
