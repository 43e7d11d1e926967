import 'server-only';
import type { ChildProcess } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { withTransaction } from '@/db';
import { rawRows } from '@/db/raw';
import { isStopping } from '@/lib/http/graceful-stop.mjs';
import { requeueEvidencePack } from './finish-evidence-pack';
import { launchPackRunner } from './launch-pack-runner';
import { packLimits } from './pack-limits';
import { currentRunnerId } from './runner-id';

/**
 * queued -> running for the oldest queued pack whose requester has none running, while fewer than the limit run.
 * One conditional statement, so two servers or two calls can never take the same pack or overrun the limit.
 */
export async function claimNextQueuedPack(): Promise<string | null> {
  const now = new Date().toISOString();
  const [row] = await withTransaction(() =>
    rawRows<{ id: string }>(
      sql`UPDATE evidence_packs SET status = 'running', runner_id = ${currentRunnerId()}, started_at = ${now}, heartbeat_at = ${now}, phase = 'Starting the generator'
       WHERE id = (
         SELECT q.id FROM evidence_packs q
         WHERE q.status = 'queued'
           AND NOT EXISTS (SELECT 1 FROM evidence_packs r WHERE r.status = 'running' AND r.requested_by_id = q.requested_by_id)
         ORDER BY q.rowid LIMIT 1)
       AND status = 'queued'
       AND (SELECT count(*) FROM evidence_packs WHERE status = 'running') < ${packLimits().running}
       RETURNING id`,
    ),
  );
  return row?.id ?? null;
}

/**
 * Starts generators for queued packs while slots are free; each one that ends frees its slot and starts the next. A
 * server that is stopping claims none (another replica, or this one restarted, will), and its stop waits for the
 * generators it runs (lib/http/graceful-stop.mjs, lib/packs/launch-pack-runner.ts).
 */
export async function startQueuedPacks(): Promise<ChildProcess[]> {
  const started: ChildProcess[] = [];
  while (!isStopping()) {
    const id = await claimNextQueuedPack();
    if (!id) break;
    // The stop began while the claim ran: the pack goes back, for another replica or this one restarted.
    if (isStopping()) {
      await requeueEvidencePack(id);
      break;
    }
    const child = launchPackRunner(id);
    child.on('exit', () => {
      startQueuedPacks().catch((error: unknown) => console.error('Could not start the next queued evidence pack:', error));
    });
    started.push(child);
  }
  return started;
}
