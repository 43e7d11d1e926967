import 'server-only';
import { eq } from 'drizzle-orm';
import { first, type Db, type Tx } from '@/db';
import { aiSystems, datasets, datasetVersions, models, modelVersions, type FindingSubject, type RiskTier } from '@/db/schema';
import { NotFound } from '@/lib/errors';

export type ResolvedSubject = {
  subjectType: FindingSubject;
  subjectId: string;
  /** "fraud-detector 3.2.0", "payments/transactions@2026-11", the system's name. */
  label: string;
  systemId: string | null;
  riskTier: RiskTier | null;
  /** Who owns the subject, and so a finding on it unless someone else is named. */
  ownerId: string | null;
};

/** What a finding is about, with the system it belongs to; unknown ids are a 404 naming the subject. */
export async function resolveFindingSubject(db: Db | Tx, subjectType: FindingSubject, subjectId: string): Promise<ResolvedSubject> {
  if (subjectType === 'system') {
    const system = first(await db.select().from(aiSystems).where(eq(aiSystems.id, subjectId)).limit(1));
    if (!system) throw new NotFound('AI system');
    return { subjectType, subjectId, label: system.name, systemId: system.id, riskTier: system.riskTier, ownerId: system.ownerId };
  }
  if (subjectType === 'model_version') {
    const row = first(await db
      .select({ version: modelVersions.version, model: models.name, systemId: aiSystems.id, riskTier: aiSystems.riskTier, ownerId: aiSystems.ownerId })
      .from(modelVersions)
      .innerJoin(models, eq(models.id, modelVersions.modelId))
      .innerJoin(aiSystems, eq(aiSystems.id, models.systemId))
      .where(eq(modelVersions.id, subjectId)).limit(1));
    if (!row) throw new NotFound('Model version');
    return { subjectType, subjectId, label: `${row.model} ${row.version}`, systemId: row.systemId, riskTier: row.riskTier, ownerId: row.ownerId };
  }
  const row = first(await db
    .select({ version: datasetVersions.version, namespace: datasets.namespace, name: datasets.name, systemId: datasets.systemId, riskTier: aiSystems.riskTier, createdById: datasets.createdById, systemOwnerId: aiSystems.ownerId })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .leftJoin(aiSystems, eq(aiSystems.id, datasets.systemId))
    .where(eq(datasetVersions.id, subjectId)).limit(1));
  if (!row) throw new NotFound('Dataset version');
  return { subjectType, subjectId, label: `${row.namespace}/${row.name}@${row.version}`, systemId: row.systemId, riskTier: row.riskTier, ownerId: row.systemOwnerId ?? row.createdById };
}
