import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb, unguardedWriter } from '@/db';
import { auditEvents, evidencePacks } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { makeActor } from '@/lib/testing';
import { completeEvidencePack, PACK_REQUEUES_MAX, reportPackProgress, requeueEvidencePack } from './finish-evidence-pack';
import { requestEvidencePack } from './request-evidence-pack';
import { REQUEUED_PHASE } from './schemas';
import { claimNextQueuedPack } from './start-queued-packs';

const INVENTORY = { scopeType: 'inventory', scopeId: null, periodFrom: null, periodTo: null } as const;
const row = async (id: string) => first(await getDb().select().from(evidencePacks).where(eq(evidencePacks.id, id)).limit(1))!;
const eventsOn = async (id: string) => await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, id)).orderBy(auditEvents.seq);

const OUTCOME = { pdfSha256: 'a'.repeat(64), zipSha256: 'b'.repeat(64), pdfSize: 1, zipSize: 1, pageCount: 1, chainHead: null, chainOk: true };

let auditor: Actor;
beforeAll(async () => {
  auditor = await makeActor(['auditor']);
});

/** A pack this process claimed, as its server's generator would be running it (one per requester runs at a time). */
async function running() {
  const pack = await requestEvidencePack(await makeActor(['auditor']), INVENTORY);
  expect(await claimNextQueuedPack()).toBe(pack.id);
  await reportPackProgress(pack.id, 40, 'Rendering the PDF');
  return pack.id;
}

describe('a pack whose stopping server puts it back in the queue', () => {
  it('starts again from the start, and the audit event keeps where it was', async () => {
    const id = await running();
    const { startedAt, runnerId } = await row(id);
    expect(await requeueEvidencePack(id)).toBe('requeued');
    expect(await row(id)).toMatchObject({ status: 'queued', progress: 0, phase: REQUEUED_PHASE, runnerId: null, startedAt: null, heartbeatAt: null });
    const event = (await eventsOn(id)).at(-1)!;
    expect(event).toMatchObject({ action: 'evidence_pack.requeued', actorType: 'system', actorLabel: 'server stop' });
    expect(JSON.parse(event.before!)).toEqual({ status: 'running', progress: 40, phase: 'Rendering the PDF', startedAt, runnerId });
    expect(JSON.parse(event.after!)).toEqual({ status: 'queued', progress: 0, requeues: 1 });
    expect(await claimNextQueuedPack()).toBe(id);
    expect(await completeEvidencePack(id, OUTCOME)).toBe(true);
  });

  it('is failed, with the reason, when its server stops once more than PACK_REQUEUES_MAX times', async () => {
    const id = await running();
    for (let i = 0; i < PACK_REQUEUES_MAX; i++) {
      expect(await requeueEvidencePack(id)).toBe('requeued');
      expect(await claimNextQueuedPack()).toBe(id);
    }
    expect(await requeueEvidencePack(id)).toBe('failed');
    expect(await row(id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/^Interrupted 3 times by a stopping server/) });
    expect((await eventsOn(id)).map((e) => e.action)).toEqual(['evidence_pack.requested', 'evidence_pack.requeued', 'evidence_pack.requeued', 'evidence_pack.failed']);
  });

  it('leaves alone a pack that finished, one still queued, and one another server runs', async () => {
    const done = await running();
    expect(await completeEvidencePack(done, OUTCOME)).toBe(true);
    const elsewhere = await running();
    await unguardedWriter().update(evidencePacks).set({ runnerId: 'another-server' }).where(eq(evidencePacks.id, elsewhere));
    const queued = (await requestEvidencePack(auditor, INVENTORY)).id;
    for (const id of [done, queued, elsewhere]) {
      const before = await row(id);
      const events = (await eventsOn(id)).length;
      expect(await requeueEvidencePack(id)).toBe('untouched');
      expect(await row(id)).toEqual(before);
      expect(await eventsOn(id)).toHaveLength(events);
    }
  });
});
