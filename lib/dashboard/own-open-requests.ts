import 'server-only';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { getDb } from '@/db';
import { ACTIVE_FINDING_STATUSES, evaluations, findings, models, modelVersions, promotionPolicies, promotionRequests, signatures } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { awaitedRoles } from './awaited-roles';

/**
 * Certain to have made the submitted snapshot stale, read without rebuilding it: evidence recorded on the version, or
 * a finding raised on it, since submission. Other changes (card edits, upstream findings) show on the request's page.
 */
const changedSinceSubmission = sql<number>`exists (select 1 from ${evaluations} where ${and(eq(evaluations.modelVersionId, promotionRequests.modelVersionId), eq(evaluations.artifactSha256, modelVersions.artifactSha256), eq(evaluations.status, 'active'), gt(evaluations.createdAt, promotionRequests.createdAt))})
  or exists (select 1 from ${findings} where ${and(eq(findings.subjectType, 'model_version'), eq(findings.subjectId, promotionRequests.modelVersionId), inArray(findings.status, [...ACTIVE_FINDING_STATUSES, 'accepted']), gt(findings.createdAt, promotionRequests.createdAt))})`;

/** The person's open promotion requests, oldest first, each with the roles it still waits on and who signed. */
export async function ownOpenRequests(actor: Actor, limit = 10) {
  assertCan(actor, 'promotion.request');
  const db = getDb();
  const rows = await db
    .select({ id: promotionRequests.id, createdAt: promotionRequests.createdAt, targetStage: promotionRequests.targetStage, version: modelVersions.version, modelName: models.name, rules: promotionPolicies.rules, stale: changedSinceSubmission })
    .from(promotionRequests)
    .innerJoin(promotionPolicies, eq(promotionPolicies.id, promotionRequests.policyId))
    .innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.modelVersionId))
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(eq(promotionRequests.requesterId, actor.userId), eq(promotionRequests.status, 'open')))
    .orderBy(asc(promotionRequests.createdAt))
    .limit(limit);
  const signed = rows.length
    ? await db.select({ requestId: signatures.requestId, role: signatures.role, decision: signatures.decision, printedName: signatures.printedName }).from(signatures).where(inArray(signatures.requestId, rows.map((r) => r.id)))
    : [];
  return rows.map(({ rules, stale, ...r }) => {
    const mine = signed.filter((s) => s.requestId === r.id);
    return { ...r, unsignable: Boolean(stale), awaited: awaitedRoles(rules.requiredApprovers, mine), signedBy: mine.map((s) => s.printedName) };
  });
}
