import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '@/db';
import { evidencePacks } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { AuditActor } from '@/lib/auth/actor';
import { Conflict } from '@/lib/errors';

export const GENERATOR_ACTOR = { type: 'system', label: 'evidence pack generator' } as const;

/**
 * The generator takes its pack once: one the server started for it (running, progress 0) or, run by hand, a queued
 * one. Progress leaves 0 here, so a second runner for the same pack loses the race and stops.
 */
export function claimEvidencePack(id: string) {
  const claimed = getDb()
    .update(evidencePacks)
    .set({ status: 'running', startedAt: sql`coalesce(${evidencePacks.startedAt}, ${new Date().toISOString()})`, progress: 1, phase: 'Collecting records' })
    .where(and(eq(evidencePacks.id, id), inArray(evidencePacks.status, ['queued', 'running']), eq(evidencePacks.progress, 0)))
    .returning()
    .get();
  if (!claimed) throw new Conflict('This evidence pack is not waiting for a generator (already taken, finished or failed).');
  return claimed;
}

/** Progress is a plain row update (no audit): it changes nothing of the governed record. */
export function reportPackProgress(id: string, progress: number, phase: string) {
  getDb()
    .update(evidencePacks)
    .set({ progress: Math.max(1, Math.min(99, Math.round(progress))), phase })
    .where(and(eq(evidencePacks.id, id), eq(evidencePacks.status, 'running')))
    .run();
}

export type PackOutcome = { pdfSha256: string; zipSha256: string; pdfSize: number; zipSize: number; pageCount: number; chainHead: { seq: number; hash: string } | null; chainOk: boolean };

/** running -> done with its digests, and `evidence_pack.generated`, in one transaction; false when the pack was failed meanwhile. */
export function completeEvidencePack(id: string, outcome: PackOutcome): boolean {
  return getDb().transaction(
    (tx) => {
      const { chainHead: _head, chainOk: _ok, ...columns } = outcome;
      const done = tx
        .update(evidencePacks)
        .set({ ...columns, status: 'done', progress: 100, phase: 'Done', finishedAt: new Date().toISOString() })
        .where(and(eq(evidencePacks.id, id), eq(evidencePacks.status, 'running')))
        .returning()
        .get();
      if (!done) return false;
      recordAudit(tx, GENERATOR_ACTOR, { action: 'evidence_pack.generated', entityType: 'evidence_pack', entityId: id, after: { ...outcome, requestedById: done.requestedById } });
      return true;
    },
    { behavior: 'immediate' },
  );
}

/** queued/running -> failed with the reason, audited as `evidence_pack.failed`; a finished pack is left alone. */
export function failEvidencePack(actor: AuditActor, id: string, message: string): boolean {
  return getDb().transaction(
    (tx) => {
      const failed = tx
        .update(evidencePacks)
        .set({ status: 'failed', error: message.slice(0, 2000), phase: 'Failed', finishedAt: new Date().toISOString() })
        .where(and(eq(evidencePacks.id, id), inArray(evidencePacks.status, ['queued', 'running'])))
        .returning()
        .get();
      if (!failed) return false;
      recordAudit(tx, actor, { action: 'evidence_pack.failed', entityType: 'evidence_pack', entityId: id, after: { error: failed.error, progress: failed.progress } });
      return true;
    },
    { behavior: 'immediate' },
  );
}
