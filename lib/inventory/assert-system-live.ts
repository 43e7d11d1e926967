import 'server-only';
import { eq } from 'drizzle-orm';
import { first, type Db, type Tx } from '@/db';
import { aiSystems } from '@/db/schema';
import { Conflict } from '@/lib/errors';

/**
 * A retired system's records (models, versions, datasets, evidence, requests) are read-only. Read inside the
 * writing transaction, so a retirement that lands first wins.
 */
export async function assertSystemLive(db: Db | Tx, systemId: string | null | undefined, change: string) {
  if (!systemId) return;
  const system = first(await db.select({ name: aiSystems.name, status: aiSystems.lifecycleStatus }).from(aiSystems).where(eq(aiSystems.id, systemId)).limit(1));
  if (system?.status === 'retired') throw new Conflict(`${change}: the system "${system.name}" is retired, so its records are read-only.`);
}
