import 'server-only';
import { asc, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { first, getDb } from '@/db';
import { mlflowDeliveries, mlflowModelVersions, models } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { DIGEST_TAG } from './sync-version';

export const MLFLOW_PAGE_SIZE = 20;

export const ZMlflowPageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1) });

/** Newest first, through the received-time index. */
export async function listMlflowDeliveries(actor: Actor, page: number) {
  assertCan(actor, 'integration.manage');
  const db = getDb();
  const items = await db.select().from(mlflowDeliveries).orderBy(desc(mlflowDeliveries.receivedAt)).limit(MLFLOW_PAGE_SIZE).offset((page - 1) * MLFLOW_PAGE_SIZE);
  return { items, total: first(await db.select({ n: count() }).from(mlflowDeliveries).limit(1))!.n };
}

export type WaitingReason = 'awaiting_digest' | 'unmapped' | 'refused';

/** MLflow versions that are not Provenant versions yet, last heard of first, with why: no digest tag, no mapped model, or refused. */
export async function listWaitingMlflowVersions(actor: Actor, page: number, pageSize = MLFLOW_PAGE_SIZE) {
  assertCan(actor, 'integration.manage');
  const db = getDb();
  const rows = await db
    .select({ name: mlflowModelVersions.name, version: mlflowModelVersions.version, runId: mlflowModelVersions.runId, tags: mlflowModelVersions.tags, updatedAt: mlflowModelVersions.updatedAt, mappedTo: models.name })
    .from(mlflowModelVersions)
    .leftJoin(models, eq(models.externalRef, sql`'mlflow:' || ${mlflowModelVersions.name}`))
    .where(isNull(mlflowModelVersions.modelVersionId))
    .orderBy(desc(mlflowModelVersions.updatedAt), asc(mlflowModelVersions.name), asc(sql`cast(${mlflowModelVersions.version} as integer)`))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const items = rows.map(({ tags, ...row }) => {
    const hasDigest = /^[0-9a-f]{64}$/i.test(tags[DIGEST_TAG]?.trim() ?? '');
    const reason: WaitingReason = !hasDigest ? 'awaiting_digest' : !row.mappedTo ? 'unmapped' : 'refused';
    return { ...row, reason };
  });
  return { items, total: first(await db.select({ n: count() }).from(mlflowModelVersions).where(isNull(mlflowModelVersions.modelVersionId)).limit(1))!.n };
}
