import 'server-only';
import { eq } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { aiSystems, datasets, models, modelVersions } from '@/db/schema';
import { NotFound } from '@/lib/errors';
import { modelOwnerIds } from './model-owners';

/** Loaders that return a record with the people who own it, for ownership-scoped permissions. */
export async function systemWithOwners(systemId: string) {
  const system = first(await getDb().select().from(aiSystems).where(eq(aiSystems.id, systemId)).limit(1));
  if (!system) throw new NotFound('AI system');
  return { system, ownerIds: [system.ownerId] };
}

export async function modelWithOwners(modelId: string) {
  const row = first(await getDb()
    .select({ model: models, systemOwnerId: aiSystems.ownerId, systemStatus: aiSystems.lifecycleStatus })
    .from(models)
    .innerJoin(aiSystems, eq(aiSystems.id, models.systemId))
    .where(eq(models.id, modelId)).limit(1));
  if (!row) throw new NotFound('Model');
  return { ...row, ownerIds: modelOwnerIds(row) };
}

export async function modelVersionWithOwners(versionId: string) {
  const version = first(await getDb().select().from(modelVersions).where(eq(modelVersions.id, versionId)).limit(1));
  if (!version) throw new NotFound('Model version');
  return { version, ...await modelWithOwners(version.modelId) };
}

export async function datasetWithOwners(datasetId: string) {
  const row = first(await getDb()
    .select({ dataset: datasets, systemOwnerId: aiSystems.ownerId })
    .from(datasets)
    .leftJoin(aiSystems, eq(aiSystems.id, datasets.systemId))
    .where(eq(datasets.id, datasetId)).limit(1));
  if (!row) throw new NotFound('Dataset');
  return { dataset: row.dataset, ownerIds: [row.systemOwnerId, row.dataset.createdById] };
}

export const modelVersionOwnerIds = async (versionId: string) => (await modelVersionWithOwners(versionId)).ownerIds;
