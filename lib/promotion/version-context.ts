import 'server-only';
import { eq } from 'drizzle-orm';
import { first, type Db, type Tx } from '@/db';
import { aiSystems, models, modelVersions } from '@/db/schema';
import { NotFound } from '@/lib/errors';

/** A version with its model and system, as the gate and the snapshot both need them. */
export async function versionContext(db: Db | Tx, versionId: string) {
  const row = first(await db
    .select({ version: modelVersions, model: models, system: aiSystems })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .innerJoin(aiSystems, eq(aiSystems.id, models.systemId))
    .where(eq(modelVersions.id, versionId)).limit(1));
  if (!row) throw new NotFound('Model version');
  return row;
}
