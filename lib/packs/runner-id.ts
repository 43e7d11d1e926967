import 'server-only';
import { randomUUID } from 'node:crypto';

const holder = globalThis as unknown as { provenantPackRunnerId?: string };

/** Identifies this server process: packs it queued carry it, so a later process knows they were orphaned. */
export function currentRunnerId(): string {
  holder.provenantPackRunnerId ??= randomUUID();
  return holder.provenantPackRunnerId;
}
