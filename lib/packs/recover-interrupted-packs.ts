import 'server-only';
import { and, eq, isNull, ne, or } from 'drizzle-orm';
import { getDb } from '@/db';
import { evidencePacks } from '@/db/schema';
import { systemActor } from '@/lib/auth/actor';
import { failEvidencePack } from './finish-evidence-pack';
import { currentRunnerId } from './runner-id';

const holder = globalThis as unknown as { provenantPacksRecovered?: boolean };

/**
 * Packs left running by an earlier server process (crash, restart) will never finish: their generator stopped with
 * it. The first pack read of a new process (or its start-up) fails them, audited, instead of leaving them spinning
 * forever. Queued packs never started, so they stay queued for this process to start.
 */
export async function recoverInterruptedPacks() {
  if (holder.provenantPacksRecovered) return;
  holder.provenantPacksRecovered = true;
  const orphans = await getDb()
    .select({ id: evidencePacks.id })
    .from(evidencePacks)
    .where(
      and(
        eq(evidencePacks.status, 'running'),
        or(isNull(evidencePacks.runnerId), ne(evidencePacks.runnerId, currentRunnerId())),
      ),
    );
  for (const { id } of orphans) {
    await failEvidencePack(systemActor('evidence pack recovery'), id, 'Interrupted: the server restarted before the pack was finished. Request it again.');
  }
  return orphans.length;
}
