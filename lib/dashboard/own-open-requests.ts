import 'server-only';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db';
import { models, modelVersions, promotionPolicies, promotionRequests, signatures } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { unsignableRequests } from '@/lib/promotion/request-staleness';
import { awaitedRoles } from './awaited-roles';

/**
 * The person's open promotion requests, oldest first, each with the roles it still waits on, who signed, and what
 * changed since submission when it can no longer be signed (theirs to withdraw and renew).
 */
export async function ownOpenRequests(actor: Actor, limit = 10) {
  assertCan(actor, 'promotion.request');
  const db = getDb();
  const rows = await db
    .select({ id: promotionRequests.id, createdAt: promotionRequests.createdAt, targetStage: promotionRequests.targetStage, version: modelVersions.version, modelName: models.name, rules: promotionPolicies.rules, modelVersionId: promotionRequests.modelVersionId, snapshotSha256: promotionRequests.snapshotSha256 })
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
  const changed = await unsignableRequests(db, rows);
  return rows.map(({ rules, modelVersionId: _version, snapshotSha256: _snapshot, ...r }) => {
    const mine = signed.filter((s) => s.requestId === r.id);
    return { ...r, changed: changed.get(r.id) ?? null, awaited: awaitedRoles(rules.requiredApprovers, mine), signedBy: mine.map((s) => s.printedName) };
  });
}
