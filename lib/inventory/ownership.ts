import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { aiSystems, datasets, models, modelVersions } from '@/db/schema';
import { NotFound } from '@/lib/errors';

/** Loaders that return a record with the people who own it, for ownership-scoped permissions. */
export function systemWithOwners(systemId: string) {
  const system = getDb().select().from(aiSystems).where(eq(aiSystems.id, systemId)).get();
  if (!system) throw new NotFound('AI system');
  return { system, ownerIds: [system.ownerId] };
}

export function modelWithOwners(modelId: string) {
  const row = getDb()
    .select({ model: models, systemOwnerId: aiSystems.ownerId, systemStatus: aiSystems.lifecycleStatus })
    .from(models)
    .innerJoin(aiSystems, eq(aiSystems.id, models.systemId))
    .where(eq(models.id, modelId))
    .get();
  if (!row) throw new NotFound('Model');
  return { ...row, ownerIds: [row.systemOwnerId, row.model.createdById] };
}

export function modelVersionWithOwners(versionId: string) {
  const version = getDb().select().from(modelVersions).where(eq(modelVersions.id, versionId)).get();
  if (!version) throw new NotFound('Model version');
  return { version, ...modelWithOwners(version.modelId) };
}

export function datasetWithOwners(datasetId: string) {
  const row = getDb()
    .select({ dataset: datasets, systemOwnerId: aiSystems.ownerId })
    .from(datasets)
    .leftJoin(aiSystems, eq(aiSystems.id, datasets.systemId))
    .where(eq(datasets.id, datasetId))
    .get();
  if (!row) throw new NotFound('Dataset');
  return { dataset: row.dataset, ownerIds: [row.systemOwnerId, row.dataset.createdById] };
}

export const modelVersionOwnerIds = (versionId: string) => modelVersionWithOwners(versionId).ownerIds;
