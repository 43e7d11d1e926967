import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, expect, it } from 'vitest';
import { first, getDb, withTransaction } from '@/db';
import { auditEvents, evidencePacks } from '@/db/schema';
import { isStopping, stoppable } from '@/lib/http/graceful-stop.mjs';
import { makeActor } from '@/lib/testing';
import { requestEvidencePack } from './request-evidence-pack';
import { REQUEUED_PHASE } from './schemas';
import { startQueuedPacks } from './start-queued-packs';

// A file of its own: the stop it begins is the whole process's, and no other test may run in a stopping server.
const server = http.createServer();
afterAll(() => server.close());

it('a pack claimed while the server began to stop goes back to the queue, and no generator starts', async () => {
  const pack = await requestEvidencePack(await makeActor(['auditor']), { scopeType: 'inventory', scopeId: null, periodFrom: null, periodTo: null });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  expect((server.address() as AddressInfo).port).toBeGreaterThan(0);

  // Another write holds the one write lock, so the claim waits behind it; the stop begins while it waits.
  let release!: () => void;
  let held!: () => void;
  const holding = new Promise<void>((resolve) => (held = resolve));
  const holder = withTransaction(() => new Promise<void>((resolve) => ((release = resolve), held())));
  await holding;
  const starting = startQueuedPacks();
  const stopped = stoppable(() => undefined, { graceMs: 1_000 }).stop(server);
  expect(isStopping()).toBe(true);
  release();
  await holder;

  expect(await starting).toEqual([]);
  const row = first(await getDb().select().from(evidencePacks).where(eq(evidencePacks.id, pack.id)).limit(1))!;
  expect(row).toMatchObject({ status: 'queued', progress: 0, phase: REQUEUED_PHASE, runnerId: null, startedAt: null });
  const actions = (await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, pack.id)).orderBy(auditEvents.seq)).map((e) => e.action);
  expect(actions).toEqual(['evidence_pack.requested', 'evidence_pack.requeued']);
  expect(await stopped).toBe('drained');
});
