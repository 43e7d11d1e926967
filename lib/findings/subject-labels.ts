import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db';
import { aiSystems, datasets, datasetVersions, models, modelVersions, type FindingSubject } from '@/db/schema';

type SubjectRef = { subjectType: FindingSubject; subjectId: string };

/** Where a subject's page is. */
export function subjectHref({ subjectType, subjectId }: SubjectRef, modelIdOf: (versionId: string) => string | undefined, datasetIdOf: (versionId: string) => string | undefined) {
  if (subjectType === 'system') return `/systems/${subjectId}`;
  if (subjectType === 'model_version') {
    const modelId = modelIdOf(subjectId);
    return modelId ? `/models/${modelId}/versions/${subjectId}` : null;
  }
  const datasetId = datasetIdOf(subjectId);
  return datasetId ? `/datasets/${datasetId}` : null;
}

/** Names and links for the subjects of one page of findings: three lookups by primary key, whatever the page. */
export async function subjectLabels(db: Db, rows: SubjectRef[]) {
  const ids = (type: FindingSubject) => [...new Set(rows.filter((r) => r.subjectType === type).map((r) => r.subjectId))];
  const systemIds = ids('system');
  const versionIds = ids('model_version');
  const datasetVersionIds = ids('dataset_version');
  const systems = systemIds.length ? await db.select({ id: aiSystems.id, name: aiSystems.name }).from(aiSystems).where(inArray(aiSystems.id, systemIds)) : [];
  const versions = versionIds.length
    ? await db.select({ id: modelVersions.id, modelId: models.id, label: models.name, version: modelVersions.version }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).where(inArray(modelVersions.id, versionIds))
    : [];
  const dataVersions = datasetVersionIds.length
    ? await db.select({ id: datasetVersions.id, datasetId: datasets.id, namespace: datasets.namespace, name: datasets.name, version: datasetVersions.version }).from(datasetVersions).innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId)).where(inArray(datasetVersions.id, datasetVersionIds))
    : [];
  const labels = new Map<string, string>([
    ...systems.map((s) => [s.id, s.name] as const),
    ...versions.map((v) => [v.id, `${v.label} ${v.version}`] as const),
    ...dataVersions.map((d) => [d.id, `${d.namespace}/${d.name}@${d.version}`] as const),
  ]);
  const modelOf = new Map(versions.map((v) => [v.id, v.modelId]));
  const datasetOf = new Map(dataVersions.map((d) => [d.id, d.datasetId]));
  return (row: SubjectRef) => ({ label: labels.get(row.subjectId) ?? row.subjectId, href: subjectHref(row, (id) => modelOf.get(id), (id) => datasetOf.get(id)) });
}
