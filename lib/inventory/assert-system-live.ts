import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { first, type Db, type Tx } from '@/db';
import { aiSystems, datasets, datasetVersions, models, modelVersions } from '@/db/schema';
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

/** assertSystemLive for the systems of many records at once (a run's outputs): two queries however many there are. */
export async function assertSystemsLiveOf(db: Db | Tx, records: { modelVersionIds: string[]; datasetVersionIds: string[] }, change: string) {
  const retired = eq(aiSystems.lifecycleStatus, 'retired');
  const names = [...new Set([
    ...(records.modelVersionIds.length ? await db.selectDistinct({ name: aiSystems.name }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).innerJoin(aiSystems, eq(aiSystems.id, models.systemId)).where(and(inArray(modelVersions.id, records.modelVersionIds), retired)) : []),
    ...(records.datasetVersionIds.length ? await db.selectDistinct({ name: aiSystems.name }).from(datasetVersions).innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId)).innerJoin(aiSystems, eq(aiSystems.id, datasets.systemId)).where(and(inArray(datasetVersions.id, records.datasetVersionIds), retired)) : []),
  ].map((row) => `"${row.name}"`))];
  if (names.length) throw new Conflict(`${change}: ${names.length === 1 ? `the system ${names[0]} is retired, so its records are` : `the systems ${names.join(', ')} are retired, so their records are`} read-only.`);
}
