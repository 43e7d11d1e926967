import 'server-only';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/db';
import { deployments, integrityChecks, modelVersions } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';

/** Open integrity flags (failed checks not yet resolved by a passing one), optionally for one system. */
export async function openIntegrityFlags(actor: Actor, filter: { systemId?: string; modelVersionId?: string } = {}) {
  assertCan(actor, 'inventory.read');
  const versionId = sql<string | null>`coalesce(${modelVersions.id}, ${deployments.modelVersionId})`;
  const rows = await getDb()
    .select({
      check: integrityChecks,
      endpoint: deployments.endpoint,
      environment: deployments.environment,
      versionId,
      version: sql<string | null>`(SELECT v.version FROM model_versions v WHERE v.id = ${versionId})`,
      modelId: sql<string | null>`(SELECT v.model_id FROM model_versions v WHERE v.id = ${versionId})`,
      systemId: sql<string | null>`(SELECT m.system_id FROM model_versions v JOIN models m ON m.id = v.model_id WHERE v.id = ${versionId})`,
    })
    .from(integrityChecks)
    .leftJoin(modelVersions, and(eq(integrityChecks.subjectType, 'model_version'), eq(modelVersions.id, integrityChecks.subjectId)))
    .leftJoin(deployments, and(eq(integrityChecks.subjectType, 'deployment'), eq(deployments.id, integrityChecks.subjectId)))
    .where(and(eq(integrityChecks.ok, false), isNull(integrityChecks.resolvedAt)))
    .orderBy(desc(integrityChecks.createdAt));
  return rows.filter((r) => (!filter.systemId || r.systemId === filter.systemId) && (!filter.modelVersionId || r.versionId === filter.modelVersionId));
}

export type IntegrityFlag = Awaited<ReturnType<typeof openIntegrityFlags>>[number];
