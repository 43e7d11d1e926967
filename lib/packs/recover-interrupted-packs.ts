import 'server-only';
import { and, eq, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { getDb } from '@/db';
import { DIALECT } from '@/db/dialect';
import { evidencePacks } from '@/db/schema';
import { systemActor } from '@/lib/auth/actor';
import { failEvidencePack } from './finish-evidence-pack';
import { currentRunnerId } from './runner-id';

const holder = globalThis as unknown as { provenantPacksRecovered?: boolean };

/** How often a running generator says it is alive, and how long another replica waits before it calls the pack dead. */
export const PACK_HEARTBEAT_MS = 15_000;
export const PACK_LEASE_MS = 8 * PACK_HEARTBEAT_MS;

/**
 * Packs left running by a server process that is gone (crash, restart) will never finish: their generator stopped
 * with it. They are failed, audited, instead of spinning forever; queued packs never started and stay queued.
 * SQLite: one server owns the file, so a pack of another process is dead, and the first pack read of a new process
 * (or its start-up) fails them. PostgreSQL: replicas run beside each other, so another's pack is dead only once its
 * heartbeat is older than the lease, and every pack read checks again.
 */
export async function recoverInterruptedPacks(now = new Date()) {
  const replicated = DIALECT === 'postgresql';
  if (!replicated && holder.provenantPacksRecovered) return;
  holder.provenantPacksRecovered = true;
  const otherRunner = or(isNull(evidencePacks.runnerId), ne(evidencePacks.runnerId, currentRunnerId()));
  const lastSign = sql`coalesce(${evidencePacks.heartbeatAt}, ${evidencePacks.startedAt}, ${evidencePacks.createdAt})`;
  const leaseOver = lt(lastSign, new Date(now.getTime() - PACK_LEASE_MS).toISOString());
  const orphans = await getDb()
    .select({ id: evidencePacks.id })
    .from(evidencePacks)
    .where(and(eq(evidencePacks.status, 'running'), otherRunner, replicated ? leaseOver : undefined));
  for (const { id } of orphans) {
    await failEvidencePack(systemActor('evidence pack recovery'), id, 'Interrupted: the server running its generator stopped before the pack was finished. Request it again.');
  }
  return orphans.length;
}
