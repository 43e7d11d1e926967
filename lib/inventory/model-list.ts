import 'server-only';
import { aliasedTable, and, asc, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { aiSystems, models, modelVersions, users, type Stage } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { containsAny, nocase, offsetOf } from '@/lib/db-helpers';
import { greatestOf } from '@/db/portable-sql';
import type { ListModelRowsQuery } from './model-list-query';

export type ModelListRow = {
  id: string;
  name: string;
  task: string;
  systemId: string;
  systemName: string;
  ownerId: string;
  ownerName: string;
  ownerEmail: string;
  versionCount: number;
  latest: { id: string; version: string; stage: Stage } | null;
  production: { id: string; version: string } | null;
  updatedAt: string;
};

const latest = aliasedTable(modelVersions, 'latest');
const production = aliasedTable(modelVersions, 'production');

// Correlated on the model's (model_id, version) index: one version each, read for the rows of this page only.
const latestId = sql`(SELECT v.id FROM model_versions v WHERE v.model_id = ${models.id} ORDER BY v.created_at DESC, v.id DESC LIMIT 1)`;
const productionId = sql`(SELECT v.id FROM model_versions v WHERE v.model_id = ${models.id} AND v.stage = 'production' ORDER BY v.stage_changed_at DESC, v.id DESC LIMIT 1)`;
/** A model changes when it is edited or when any of its versions is (registered, scanned, promoted). */
const lastChange = sql<string>`${greatestOf(models.updatedAt, sql`coalesce((SELECT max(v.updated_at) FROM model_versions v WHERE v.model_id = ${models.id}), '')`)}`;

function modelFilters(actor: Actor, query: ListModelRowsQuery): SQL | undefined {
  const filters: SQL[] = [];
  if (query.q) filters.push(containsAny([models.name], query.q));
  if (query.systemId) filters.push(eq(models.systemId, query.systemId));
  if (query.system) filters.push(containsAny([aiSystems.name], query.system));
  if (query.stage) filters.push(sql`EXISTS (SELECT 1 FROM model_versions v WHERE v.model_id = ${models.id} AND v.stage = ${query.stage})`);
  if (query.owner === 'me') filters.push(eq(aiSystems.ownerId, actor.userId));
  else if (query.owner) filters.push(eq(aiSystems.ownerId, query.owner));
  return filters.length ? and(...filters) : undefined;
}

/**
 * One page of the models list in one query: each model with its system, the system's owner, its latest version and
 * that version's stage, the version in production (if any) and the time of its last change; the total comes with
 * the rows (a window count), so only a page past the end asks again.
 */
export async function listModelRows(actor: Actor, query: ListModelRowsQuery) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const where = modelFilters(actor, query);
  const order = query.dir === 'desc' ? desc : asc;
  const rows = await db
    .select({
      id: models.id,
      name: models.name,
      task: models.task,
      systemId: models.systemId,
      systemName: aiSystems.name,
      ownerId: aiSystems.ownerId,
      ownerName: users.name,
      ownerEmail: users.email,
      versionCount: sql<number>`(SELECT count(*) FROM model_versions v WHERE v.model_id = ${models.id})`,
      latestId: latest.id,
      latestVersion: latest.version,
      latestStage: latest.stage,
      productionId: production.id,
      productionVersion: production.version,
      updatedAt: lastChange,
      total: sql<number>`count(*) OVER ()`,
    })
    .from(models)
    .innerJoin(aiSystems, eq(aiSystems.id, models.systemId))
    .innerJoin(users, eq(users.id, aiSystems.ownerId))
    .leftJoin(latest, eq(latest.id, latestId))
    .leftJoin(production, eq(production.id, productionId))
    .where(where)
    .orderBy(...(query.sort === 'updatedAt' ? [order(lastChange), asc(nocase(models.name))] : [order(nocase(models.name))]), asc(models.id))
    .limit(query.pageSize)
    .offset(offsetOf(query));
  const total = rows[0]?.total ?? (query.page > 1 ? await countModels(where) : 0);
  const items: ModelListRow[] = rows.map(({ latestId: id, latestVersion, latestStage, productionId: prodId, productionVersion, total: _total, ...row }) => ({
    ...row,
    latest: id ? { id, version: latestVersion!, stage: latestStage! } : null,
    production: prodId ? { id: prodId, version: productionVersion! } : null,
  }));
  return { items, total, page: query.page, pageSize: query.pageSize };
}

async function countModels(where: SQL | undefined) {
  return first(await getDb().select({ n: count() }).from(models).innerJoin(aiSystems, eq(aiSystems.id, models.systemId)).where(where).limit(1))?.n ?? 0;
}
