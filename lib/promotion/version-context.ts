import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { aiSystems, models, modelVersions } from '@/db/schema';
import { NotFound } from '@/lib/errors';

/** A version with its model and system, as the gate and the snapshot both need them. */
export async function versionContext(db: Db | Tx, versionId: string) {
  const row = (await versionContexts(db, [versionId])).get(versionId);
  if (!row) throw new NotFound('Model version');
  return row;
}

/** `versionContext` of several versions in one statement, by version id; a version that does not exist is absent. */
export async function versionContexts(db: Db | Tx, versionIds: string[]) {
  const rows = versionIds.length === 0 ? [] : await db
    .select({ version: modelVersions, model: models, system: aiSystems })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .innerJoin(aiSystems, eq(aiSystems.id, models.systemId))
    .where(inArray(modelVersions.id, versionIds));
  return new Map(rows.map((row) => [row.version.id, row]));
}
