import 'server-only';
import { DIALECT } from '@/db/dialect';
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { first, getDb, independentReads } from '@/db';
import { orderNulls } from '@/db/portable-sql';
import { aiSystems, datasets, datasetVersions, models, modelVersions, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { NotFound } from '@/lib/errors';
import { containsAny, nocase, offsetOf } from '@/lib/db-helpers';
import type { ListSystemsQuery } from './schemas';
import { mapInOrder } from '@/lib/map-in-order';
import { personByEmail } from '@/lib/users/people';
import { triggeredDueBy, openTriggers } from '@/lib/reviews/queries';
import { tierAwaitsConfirmation } from './tiers-to-confirm';

const SORT_COLUMNS = {
  name: nocase(aiSystems.name),
  riskTier: sql`CASE ${aiSystems.riskTier} WHEN 'prohibited' THEN 0 WHEN 'high' THEN 1 WHEN 'limited' THEN 2 ELSE 3 END`,
  lifecycleStatus: aiSystems.lifecycleStatus,
  updatedAt: aiSystems.updatedAt,
  nextReviewDate: aiSystems.nextReviewDate,
};

/** Exactly the expression of the index ai_systems_search_text_idx (db/migrations-pg/0004), or the index is not used. */
const SYSTEM_SEARCH_TEXT = sql`(${aiSystems.name} || E'\\n' || ${aiSystems.purpose} || E'\\n' || ${aiSystems.businessOwner} || E'\\n' || coalesce(${aiSystems.vendorName}, ''))`;

/**
 * Substring search over name, purpose, business owner and vendor. Three characters or more go through the
 * trigram index; shorter needles (which have no trigram) fall back to a scan.
 */
export function systemTextMatch(needle: string): SQL {
  // PostgreSQL answers ILIKE on the four columns joined by newlines from one pg_trgm index (db/migrations-pg/0004);
  // SQLite from its FTS5 trigram table. A needle with a newline in it could match across two columns there.
  if (DIALECT === 'postgresql' && !needle.includes('\n')) return containsAny([SYSTEM_SEARCH_TEXT], needle);
  if ([...needle].length < 3 || DIALECT === 'postgresql') return containsAny([aiSystems.name, aiSystems.purpose, aiSystems.businessOwner, aiSystems.vendorName], needle);
  const phrase = `"${needle.replaceAll('"', '""')}"`;
  return sql`"ai_systems"."rowid" IN (SELECT rowid FROM ai_systems_search WHERE ai_systems_search MATCH ${phrase})`;
}

export type SystemsView = Omit<ListSystemsQuery, 'page' | 'pageSize'>;

/** The inventory list's filters and order, shared by the page, the API and the CSV export so they never disagree. */
function systemsWhere(query: SystemsView): SQL | undefined {
  const filters: SQL[] = [];
  if (query.riskTier) filters.push(eq(aiSystems.riskTier, query.riskTier));
  if (query.status) filters.push(eq(aiSystems.lifecycleStatus, query.status));
  if (query.ownerId) filters.push(eq(aiSystems.ownerId, query.ownerId));
  if (query.q) filters.push(systemTextMatch(query.q));
  if (query.tierConfirmation === 'awaited') filters.push(tierAwaitsConfirmation);
  return filters.length ? and(...filters) : undefined;
}

/**
 * Systems without a next review date (retired ones) come last whichever the direction, on either database. Only that
 * column can be NULL; the others keep a plain order, which PostgreSQL can read backwards from their indexes.
 */
function systemsOrder(query: SystemsView): SQL[] {
  const direction = query.dir ?? 'asc';
  const primary = query.sort === 'nextReviewDate' ? orderNulls(aiSystems.nextReviewDate, direction, 'last') : (direction === 'desc' ? desc : asc)(SORT_COLUMNS[query.sort]);
  return [primary, asc(nocase(aiSystems.name)), asc(aiSystems.id)];
}

export async function listSystems(actor: Actor, query: ListSystemsQuery) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const where = systemsWhere(query);
  const page = () =>
    db
      .select({
        id: aiSystems.id,
        name: aiSystems.name,
        purpose: aiSystems.purpose,
        riskTier: aiSystems.riskTier,
        tierConfirmedAt: aiSystems.tierConfirmedAt,
        generalPurposeModel: aiSystems.generalPurposeModel,
        lifecycleStatus: aiSystems.lifecycleStatus,
        businessOwner: aiSystems.businessOwner,
        ownerId: aiSystems.ownerId,
        ownerName: users.name,
        ownerEmail: users.email,
        thirdParty: aiSystems.thirdParty,
        vendorName: aiSystems.vendorName,
        nextReviewDate: aiSystems.nextReviewDate,
        /** Unresolved review triggers: the review is due now whatever its date. */
        openTriggers,
        /** The earliest day they set for the review (null when none is open): it is overdue after that. */
        triggeredDueBy,
        updatedAt: aiSystems.updatedAt,
      })
      .from(aiSystems)
      .innerJoin(users, eq(users.id, aiSystems.ownerId))
      .where(where)
      .orderBy(...systemsOrder(query))
      .limit(query.pageSize)
      .offset(offsetOf(query));
  const total = async () => first(await db.select({ n: count() }).from(aiSystems).where(where).limit(1))?.n ?? 0;
  // The page (then its rows' model counts) and the total are independent: on PostgreSQL they run at once, on two of
  // the pool's connections.
  const [items, totalCount] = await independentReads(async () => await withModelCounts(await page()), total);
  return { items, total: totalCount, page: query.page, pageSize: query.pageSize };
}

/** Every system of the list with these filters, in its order, across all its pages (the CSV export reads these). */
export async function listSystemIds(actor: Actor, query: SystemsView): Promise<string[]> {
  assertCan(actor, 'inventory.read');
  return (await getDb().select({ id: aiSystems.id }).from(aiSystems).where(systemsWhere(query)).orderBy(...systemsOrder(query))).map((r) => r.id);
}

/** Model and version counts for the rows of one page only, after sorting and paging. */
async function withModelCounts<T extends { id: string }>(rows: T[]) {
  if (rows.length === 0) return [];
  const counts = await getDb()
    .select({
      systemId: models.systemId,
      modelCount: sql<number>`count(DISTINCT ${models.id})`,
      versionCount: sql<number>`count(${modelVersions.id})`,
    })
    .from(models)
    .leftJoin(modelVersions, eq(modelVersions.modelId, models.id))
    .where(inArray(models.systemId, rows.map((r) => r.id)))
    .groupBy(models.systemId);
  const bySystem = new Map(counts.map((c) => [c.systemId, c]));
  return rows.map((row) => ({ ...row, modelCount: bySystem.get(row.id)?.modelCount ?? 0, versionCount: bySystem.get(row.id)?.versionCount ?? 0 }));
}

export async function getSystem(actor: Actor, id: string) {
  assertCan(actor, 'inventory.read');
  const row = first(await getDb()
    .select({ system: aiSystems, ownerName: users.name, ownerEmail: users.email })
    .from(aiSystems)
    .innerJoin(users, eq(users.id, aiSystems.ownerId))
    .where(eq(aiSystems.id, id)).limit(1));
  if (!row) throw new NotFound('AI system');
  const stored = row.system.riskRationale?.classifiedBy;
  const classifiedBy = await personByEmail(getDb(), typeof stored === 'string' ? stored : null);
  const confirmerId = row.system.tierConfirmedById;
  const tierConfirmedBy = confirmerId ? (first(await getDb().select({ name: users.name, email: users.email }).from(users).where(eq(users.id, confirmerId)).limit(1)) ?? null) : null;
  return { ...row.system, ownerName: row.ownerName, ownerEmail: row.ownerEmail, classifiedBy, tierConfirmedBy };
}

export async function listSystemModels(actor: Actor, systemId: string) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const rows = await db.select().from(models).where(eq(models.systemId, systemId)).orderBy(asc(nocase(models.name)), asc(models.id));
  return await mapInOrder(rows, async (model) => ({
    ...model,
    versions: await db
      .select()
      .from(modelVersions)
      .where(eq(modelVersions.modelId, model.id))
      .orderBy(desc(modelVersions.createdAt)),
  }));
}

export async function listSystemDatasets(actor: Actor, systemId: string) {
  assertCan(actor, 'inventory.read');
  return await getDb()
    .select({
      id: datasets.id,
      namespace: datasets.namespace,
      name: datasets.name,
      license: datasets.license,
      personalData: datasets.personalData,
      versionCount: sql<number>`(SELECT count(*) FROM dataset_versions dv WHERE dv.dataset_id = "datasets"."id")`,
    })
    .from(datasets)
    .where(eq(datasets.systemId, systemId))
    .orderBy(asc(nocase(datasets.name)), asc(nocase(datasets.namespace)), asc(datasets.id));
}

export async function listSystemOwners(actor: Actor) {
  assertCan(actor, 'inventory.read');
  return await getDb()
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(sql`EXISTS (SELECT 1 FROM ai_systems s WHERE s.owner_id = "users"."id")`)
    .orderBy(asc(nocase(users.name)), asc(users.id));
}

export async function getModel(actor: Actor, id: string) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const row = first(await db
    .select({ model: models, systemName: aiSystems.name, systemOwnerId: aiSystems.ownerId, riskTier: aiSystems.riskTier })
    .from(models)
    .innerJoin(aiSystems, eq(aiSystems.id, models.systemId))
    .where(eq(models.id, id)).limit(1));
  if (!row) throw new NotFound('Model');
  const versions = await db
    .select({ version: modelVersions, registeredBy: users.name, registeredByEmail: users.email })
    .from(modelVersions)
    .innerJoin(users, eq(users.id, modelVersions.registeredById))
    .where(eq(modelVersions.modelId, id))
    .orderBy(desc(modelVersions.createdAt));
  return { ...row.model, systemName: row.systemName, systemOwnerId: row.systemOwnerId, riskTier: row.riskTier, versions };
}

export async function listModelVersions(actor: Actor, query: { modelId?: string; stage?: string; sha256?: string; page: number; pageSize: number }) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const filters: SQL[] = [];
  if (query.modelId) filters.push(eq(modelVersions.modelId, query.modelId));
  if (query.stage) filters.push(eq(modelVersions.stage, query.stage as 'development'));
  if (query.sha256) filters.push(eq(modelVersions.artifactSha256, query.sha256));
  const where = filters.length ? and(...filters) : undefined;
  const items = await db
    .select()
    .from(modelVersions)
    .where(where)
    .orderBy(desc(modelVersions.createdAt), asc(modelVersions.id))
    .limit(query.pageSize)
    .offset(offsetOf(query));
  const total = first(await db.select({ n: count() }).from(modelVersions).where(where).limit(1))?.n ?? 0;
  return { items, total, page: query.page, pageSize: query.pageSize };
}

export async function getModelVersion(actor: Actor, id: string) {
  assertCan(actor, 'inventory.read');
  const row = first(await getDb()
    .select({ version: modelVersions, modelName: models.name, systemId: models.systemId, systemName: aiSystems.name, systemStatus: aiSystems.lifecycleStatus, registeredBy: users.name, registeredByEmail: users.email })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .innerJoin(aiSystems, eq(aiSystems.id, models.systemId))
    .innerJoin(users, eq(users.id, modelVersions.registeredById))
    .where(eq(modelVersions.id, id)).limit(1));
  if (!row) throw new NotFound('Model version');
  return { ...row.version, modelName: row.modelName, systemId: row.systemId, systemName: row.systemName, systemStatus: row.systemStatus, registeredBy: row.registeredBy, registeredByEmail: row.registeredByEmail };
}

export async function listDatasets(actor: Actor, query: { systemId?: string; q?: string; page: number; pageSize: number }) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const filters: SQL[] = [];
  if (query.systemId) filters.push(eq(datasets.systemId, query.systemId));
  if (query.q) filters.push(containsAny([datasets.namespace, datasets.name, datasets.description], query.q));
  const where = filters.length ? and(...filters) : undefined;
  const items = await db
    .select()
    .from(datasets)
    .where(where)
    .orderBy(asc(nocase(datasets.name)), asc(nocase(datasets.namespace)), asc(datasets.id))
    .limit(query.pageSize)
    .offset(offsetOf(query));
  const total = first(await db.select({ n: count() }).from(datasets).where(where).limit(1))?.n ?? 0;
  return { items, total, page: query.page, pageSize: query.pageSize };
}

export async function getDataset(actor: Actor, id: string) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const row = first(await db
    .select({ dataset: datasets, systemName: aiSystems.name, systemOwnerId: aiSystems.ownerId })
    .from(datasets)
    .leftJoin(aiSystems, eq(aiSystems.id, datasets.systemId))
    .where(eq(datasets.id, id)).limit(1));
  if (!row) throw new NotFound('Dataset');
  const versions = await db.select().from(datasetVersions).where(eq(datasetVersions.datasetId, id)).orderBy(desc(datasetVersions.createdAt));
  return { ...row.dataset, systemName: row.systemName, systemOwnerId: row.systemOwnerId, versions };
}
