import 'server-only';
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { getDb, type Db, type Tx } from '@/db';
import { models, modelVersions, promotionRequests, signatures } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { conditionFindingsOf } from './condition-findings';

/**
 * The conditions signers attached to the approvals that put the system's live versions where they run now (staging or
 * production): what its owners answer for, and what its next periodic review checks. Oldest first.
 */
export async function approvalConditionsOf(db: Db | Tx, systemId: string) {
  return await db
    .select({ signatureId: signatures.id, requestId: promotionRequests.id, modelName: models.name, version: modelVersions.version, stage: modelVersions.stage, conditions: signatures.conditions, printedName: signatures.printedName, role: signatures.role, signedAt: signatures.signedAt })
    .from(signatures)
    .innerJoin(promotionRequests, eq(promotionRequests.id, signatures.requestId))
    .innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.modelVersionId))
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(eq(models.systemId, systemId), inArray(modelVersions.stage, ['staging', 'production']), eq(promotionRequests.targetStage, modelVersions.stage), eq(promotionRequests.status, 'approved'), ne(signatures.conditions, '')))
    .orderBy(asc(signatures.signedAt), asc(signatures.id));
}

/** `approvalConditionsOf` for a reader of the inventory, each with the finding that tracks it. */
export async function conditionsInForce(actor: Actor, systemId: string) {
  assertCan(actor, 'inventory.read');
  const conditions = await approvalConditionsOf(getDb(), systemId);
  const tracked = await conditionFindingsOf(getDb(), conditions.map((c) => c.signatureId));
  return conditions.map((c) => ({ ...c, finding: tracked.get(c.signatureId) ?? null }));
}
