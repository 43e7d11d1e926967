import 'server-only';
import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { aiSystems, datasets, datasetVersions, models, modelVersions } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can } from '@/lib/auth/permissions';
import { containsEveryWord, offsetOf } from '@/lib/db-helpers';
import { formatDate } from '@/lib/format/date-time';
import type { LineageCandidatesQuery } from './schemas';

export type LineageCandidate = { id: string; label: string; detail: string };

/** Every word must appear somewhere in the label (a bounded number of them). */
const matchingAll = (label: SQL, q: string) => containsEveryWord([label], q);

async function datasetVersionCandidates(query: LineageCandidatesQuery) {
  const label = sql<string>`${datasets.namespace} || '/' || ${datasets.name} || ' @ ' || ${datasetVersions.version}`;
  const where = and(...matchingAll(label, query.q));
  const db = getDb();
  const rows = await db
    .select({ id: datasetVersions.id, label, createdAt: datasetVersions.createdAt })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(where)
    .orderBy(desc(datasetVersions.createdAt), datasetVersions.id)
    .limit(query.pageSize)
    .offset(offsetOf(query));
  const total = first(await db.select({ n: count() }).from(datasetVersions).innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId)).where(where).limit(1))?.n ?? 0;
  return { items: rows.map((r) => ({ id: r.id, label: r.label, detail: `registered ${formatDate(r.createdAt)}` })), total };
}

async function modelVersionCandidates(query: LineageCandidatesQuery, ownerId: string | null) {
  const label = sql<string>`${aiSystems.name} || ' / ' || ${models.name} || ' @ ' || ${modelVersions.version}`;
  const where = and(...matchingAll(label, query.q), ownerId ? eq(aiSystems.ownerId, ownerId) : undefined);
  const db = getDb();
  const rows = await db
    .select({ id: modelVersions.id, label, stage: modelVersions.stage, externalSource: modelVersions.externalSource })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .innerJoin(aiSystems, eq(aiSystems.id, models.systemId))
    .where(where)
    .orderBy(desc(modelVersions.createdAt), modelVersions.id)
    .limit(query.pageSize)
    .offset(offsetOf(query));
  const total = first(await db.select({ n: count() }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).innerJoin(aiSystems, eq(aiSystems.id, models.systemId)).where(where).limit(1))?.n ?? 0;
  return { items: rows.map((r) => ({ id: r.id, label: r.label, detail: r.externalSource ? `external: ${r.externalSource}` : r.stage })), total };
}

/**
 * Dataset or model versions whose label ("namespace/name @ version", "system / model @ version") holds every word of
 * `q`, case-insensitively, newest first. Outputs are written to, so for `side: 'output'` a caller who may record
 * lineage only for their own records sees only model versions of systems they own.
 */
export async function searchLineageCandidates(actor: Actor, query: LineageCandidatesQuery): Promise<{ items: LineageCandidate[]; total: number; page: number; pageSize: number }> {
  assertCan(actor, 'inventory.read');
  if (query.side === 'output') assertCan(actor, 'lineage.record');
  const ownOnly = query.side === 'output' && !can(actor, 'lineage.record', { ownerIds: [] });
  const found = query.kind === 'dataset_version' ? await datasetVersionCandidates(query) : await modelVersionCandidates(query, ownOnly ? actor.userId : null);
  return { ...found, page: query.page, pageSize: query.pageSize };
}
