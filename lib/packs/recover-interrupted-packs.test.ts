import { eq, inArray } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb, unguardedWriter } from '@/db';
import { auditEvents, evidencePacks } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { makeActor } from '@/lib/testing';
import { onPostgres } from '@/lib/testing-sql';
import { packHeartbeat } from './finish-evidence-pack';
import { PACK_LEASE_MS, recoverInterruptedPacks } from './recover-interrupted-packs';
import { currentRunnerId } from './runner-id';

let auditor: Actor;
const NOW = new Date();
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

/** A pack another server process started, whose generator last said it was alive `heartbeatAgeMs` ago. */
async function runningElsewhere(heartbeatAgeMs: number, runnerId = 'another-replica') {
  auditor ??= await makeActor(['auditor']);
  const [row] = await unguardedWriter()
    .insert(evidencePacks)
    .values({ scopeType: 'inventory', status: 'running', progress: 40, runnerId, requestedById: auditor.userId, startedAt: ago(heartbeatAgeMs + 60_000), heartbeatAt: ago(heartbeatAgeMs) })
    .returning();
  return row!.id;
}

const statusOf = async (ids: string[]) => Object.fromEntries((await getDb().select({ id: evidencePacks.id, status: evidencePacks.status }).from(evidencePacks).where(inArray(evidencePacks.id, ids))).map((r) => [r.id, r.status]));

beforeEach(() => {
  (globalThis as { provenantPacksRecovered?: boolean }).provenantPacksRecovered = undefined;
});

describe('packs left running by a server process that is gone', () => {
  it.runIf(onPostgres)("on PostgreSQL leaves another replica's live pack alone, and fails it once its heartbeat is older than the lease", async () => {
    const live = await runningElsewhere(5_000);
    const dead = await runningElsewhere(PACK_LEASE_MS + 5_000);
    const mine = await runningElsewhere(PACK_LEASE_MS + 5_000, currentRunnerId());
    expect(await recoverInterruptedPacks(NOW)).toBe(1);
    expect(await statusOf([live, dead, mine])).toEqual({ [live]: 'running', [dead]: 'failed', [mine]: 'running' });
    // Every read checks again: once the live one stops beating for a lease, the next one fails it.
    expect(await recoverInterruptedPacks(new Date(NOW.getTime() + PACK_LEASE_MS))).toBe(1);
    expect((await statusOf([live]))[live]).toBe('failed');
    const events = await getDb().select({ action: auditEvents.action, entityId: auditEvents.entityId }).from(auditEvents).where(eq(auditEvents.action, 'evidence_pack.failed'));
    expect(events.map((e) => e.entityId).sort()).toEqual([live, dead].sort());
  });

  it.runIf(!onPostgres)('on SQLite (one server owns the file) fails every pack of another process at once, and only at the first read', async () => {
    const recent = await runningElsewhere(1_000);
    const mine = await runningElsewhere(1_000, currentRunnerId());
    expect(await recoverInterruptedPacks(NOW)).toBe(1);
    expect(await statusOf([recent, mine])).toEqual({ [recent]: 'failed', [mine]: 'running' });
    const later = await runningElsewhere(1_000);
    expect(await recoverInterruptedPacks(NOW)).toBeUndefined();
    expect((await statusOf([later]))[later]).toBe('running');
  });

  it('keeps a running pack alive with heartbeats, and writes none once the pack has ended', async () => {
    const id = await runningElsewhere(PACK_LEASE_MS + 5_000, currentRunnerId());
    await packHeartbeat(id);
    const [beat] = await getDb().select({ heartbeatAt: evidencePacks.heartbeatAt }).from(evidencePacks).where(eq(evidencePacks.id, id));
    expect(Date.parse(beat!.heartbeatAt!)).toBeGreaterThan(Date.now() - 5_000);
    await unguardedWriter().update(evidencePacks).set({ status: 'failed', heartbeatAt: ago(0) }).where(eq(evidencePacks.id, id));
    const stamped = (await getDb().select({ heartbeatAt: evidencePacks.heartbeatAt }).from(evidencePacks).where(eq(evidencePacks.id, id)))[0]!.heartbeatAt;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await packHeartbeat(id);
    expect((await getDb().select({ heartbeatAt: evidencePacks.heartbeatAt }).from(evidencePacks).where(eq(evidencePacks.id, id)))[0]!.heartbeatAt).toBe(stamped);
  });
});
