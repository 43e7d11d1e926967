import 'server-only';
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { returnedRow, withTransaction } from '@/db';
import { auditEvents, evidencePacks } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import { systemActor, type AuditActor } from '@/lib/auth/actor';
import { Conflict } from '@/lib/errors';
import { currentRunnerId } from './runner-id';
import { REQUEUED_PHASE } from './schemas';

export const GENERATOR_ACTOR = { type: 'system', label: 'evidence pack generator' } as const;
/** Who puts a pack back in the queue, or fails it, when its server stops: the server, not the generator. */
const STOP_ACTOR = systemActor('server stop');

/**
 * The generator takes its pack once: one the server started for it (running, progress 0) or, run by hand, a queued
 * one. Progress leaves 0 here, so a second runner for the same pack loses the race and stops.
 */
export async function claimEvidencePack(id: string) {
  const now = new Date().toISOString();
  const claimed = returnedRow(await withTransaction((tx) => tx
    .update(evidencePacks)
    .set({ status: 'running', startedAt: sql`coalesce(${evidencePacks.startedAt}, ${now})`, heartbeatAt: now, progress: 1, phase: 'Collecting records' })
    .where(and(eq(evidencePacks.id, id), inArray(evidencePacks.status, ['queued', 'running']), eq(evidencePacks.progress, 0)))
    .returning()));
  if (!claimed) throw new Conflict('This evidence pack is not waiting for a generator (already taken, finished or failed).');
  return claimed;
}

/** Progress is a plain row update (no audit): it changes nothing of the governed record. */
export async function reportPackProgress(id: string, progress: number, phase: string) {
  await withTransaction((tx) => tx
    .update(evidencePacks)
    .set({ progress: Math.max(1, Math.min(99, Math.round(progress))), phase, heartbeatAt: new Date().toISOString() })
    .where(and(eq(evidencePacks.id, id), eq(evidencePacks.status, 'running'))));
}

/** The generator is alive (every PACK_HEARTBEAT_MS, whatever its progress): other replicas leave its pack alone. */
export async function packHeartbeat(id: string) {
  await withTransaction((tx) => tx.update(evidencePacks).set({ heartbeatAt: new Date().toISOString() }).where(and(eq(evidencePacks.id, id), eq(evidencePacks.status, 'running'))));
}

export type PackOutcome = { pdfSha256: string; zipSha256: string; pdfSize: number; zipSize: number; pageCount: number; chainHead: { seq: number; hash: string } | null; chainOk: boolean };

/** running -> done with its digests, and `evidence_pack.generated`, in one transaction; false when the pack was failed meanwhile. */
export async function completeEvidencePack(id: string, outcome: PackOutcome): Promise<boolean> {
  return await withTransaction(async (tx) => {
    const { chainHead: _head, chainOk: _ok, ...columns } = outcome;
    const done = returnedRow(await tx
      .update(evidencePacks)
      .set({ ...columns, status: 'done', progress: 100, phase: 'Done', finishedAt: new Date().toISOString() })
      .where(and(eq(evidencePacks.id, id), eq(evidencePacks.status, 'running')))
      .returning());
    if (!done) return false;
    await recordAudit(tx, GENERATOR_ACTOR, { action: 'evidence_pack.generated', entityType: 'evidence_pack', entityId: id, after: { ...outcome, requestedById: done.requestedById } });
    return true;
  });
}

/** queued/running -> failed with the reason, audited as `evidence_pack.failed`; a finished pack is left alone. */
export async function failEvidencePack(actor: AuditActor, id: string, message: string): Promise<boolean> {
  return await withTransaction(async (tx) => {
    const failed = returnedRow(await tx
      .update(evidencePacks)
      .set({ status: 'failed', error: message.slice(0, 2000), phase: 'Failed', finishedAt: new Date().toISOString() })
      .where(and(eq(evidencePacks.id, id), inArray(evidencePacks.status, ['queued', 'running'])))
      .returning());
    if (!failed) return false;
    await recordAudit(tx, actor, { action: 'evidence_pack.failed', entityType: 'evidence_pack', entityId: id, after: { error: failed.error, progress: failed.progress } });
    return true;
  });
}

/** How often a pack may go back to the queue because its server stopped: the next such stop fails it. */
export const PACK_REQUEUES_MAX = 2;

/**
 * running -> queued, from the start, audited as `evidence_pack.requeued` with where it was: this server is stopping and
 * could not wait for the generator it ran (lib/packs/launch-pack-runner.ts). Only a pack this process runs, and only
 * while it runs, so a pack that finished, failed or was taken up by another replica meanwhile is left alone. A pack
 * interrupted more often than PACK_REQUEUES_MAX (it may need longer than a stopping server waits, on every replica of
 * a rolling restart) is failed instead, with the reason.
 */
export async function requeueEvidencePack(id: string): Promise<'requeued' | 'failed' | 'untouched'> {
  const mine = and(eq(evidencePacks.id, id), eq(evidencePacks.status, 'running'), eq(evidencePacks.runnerId, currentRunnerId()));
  return await withTransaction(async (tx) => {
    const [before] = await tx.select({ status: evidencePacks.status, progress: evidencePacks.progress, phase: evidencePacks.phase, startedAt: evidencePacks.startedAt, runnerId: evidencePacks.runnerId }).from(evidencePacks).where(mine).limit(1);
    if (!before) return 'untouched';
    const [{ n: earlier }] = (await tx
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'evidence_pack'), eq(auditEvents.entityId, id), eq(auditEvents.action, 'evidence_pack.requeued')))) as [{ n: number }];
    if (earlier >= PACK_REQUEUES_MAX) {
      const failed = await failEvidencePack(STOP_ACTOR, id, `Interrupted ${earlier + 1} times by a stopping server before it was finished (a server waits 25 s for it). Request it again, for a shorter period if it is large.`);
      return failed ? 'failed' : 'untouched';
    }
    const requeued = returnedRow(await tx
      .update(evidencePacks)
      .set({ status: 'queued', progress: 0, phase: REQUEUED_PHASE, runnerId: null, startedAt: null, heartbeatAt: null })
      .where(mine)
      .returning());
    if (!requeued) return 'untouched';
    await recordAudit(tx, STOP_ACTOR, { action: 'evidence_pack.requeued', entityType: 'evidence_pack', entityId: id, before, after: { status: 'queued', progress: 0, requeues: earlier + 1 } });
    return 'requeued';
  });
}
