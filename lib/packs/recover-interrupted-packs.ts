import 'server-only';
import { and, inArray, isNull, ne, or } from 'drizzle-orm';
import { getDb } from '@/db';
import { evidencePacks } from '@/db/schema';
import { systemActor } from '@/lib/auth/actor';
import { failEvidencePack } from './finish-evidence-pack';
import { currentRunnerId } from './runner-id';

const holder = globalThis as unknown as { provenantPacksRecovered?: boolean };

/**
 * Packs left queued or running by an earlier server process (crash, restart) will never finish: their generator
 * died with it or was never started. The first pack read or request of a new process fails them, audited, instead
 * of leaving them spinning forever.
 */
export function recoverInterruptedPacks() {
  if (holder.provenantPacksRecovered) return;
  holder.provenantPacksRecovered = true;
  const orphans = getDb()
    .select({ id: evidencePacks.id })
    .from(evidencePacks)
    .where(
      and(
        inArray(evidencePacks.status, ['queued', 'running']),
        or(isNull(evidencePacks.runnerId), ne(evidencePacks.runnerId, currentRunnerId())),
      ),
    )
    .all();
  for (const { id } of orphans) {
    failEvidencePack(systemActor('evidence pack recovery'), id, 'Interrupted: the server restarted before the pack was finished. Request it again.');
  }
  return orphans.length;
}
