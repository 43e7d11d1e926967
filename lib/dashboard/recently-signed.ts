import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { models, modelVersions, promotionRequests, signatures } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';

/** The person's latest signatures, newest first, with where each request stands now. */
export async function recentlySigned(actor: Actor, limit = 5) {
  assertCan(actor, 'promotion.sign');
  return await getDb()
    .select({
      requestId: promotionRequests.id,
      signedAt: signatures.signedAt,
      decision: signatures.decision,
      conditions: signatures.conditions,
      role: signatures.role,
      status: promotionRequests.status,
      targetStage: promotionRequests.targetStage,
      version: modelVersions.version,
      modelName: models.name,
    })
    .from(signatures)
    .innerJoin(promotionRequests, eq(promotionRequests.id, signatures.requestId))
    .innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.modelVersionId))
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(eq(signatures.signerId, actor.userId))
    .orderBy(desc(signatures.signedAt))
    .limit(limit);
}
