import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb, withTransaction } from '@/db';
import { aiSystems, models, modelVersions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { SystemActor } from '@/lib/auth/actor';

/**
 * Systems retired before retirement archived their versions may still have versions in staging or production: each is
 * archived once, with its own audited event, at start-up. Conditional, so replicas starting together archive each once;
 * returns how many this call archived.
 */
export async function archiveVersionsOfRetiredSystems(actor: SystemActor) {
  const left = await getDb()
    .select({ id: modelVersions.id, stage: modelVersions.stage, retiredAt: aiSystems.retiredAt })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .innerJoin(aiSystems, eq(aiSystems.id, models.systemId))
    .where(and(eq(aiSystems.lifecycleStatus, 'retired'), inArray(modelVersions.stage, ['staging', 'production'])));
  let archivedCount = 0;
  for (const version of left) {
    await withTransaction(async (tx) => {
      const now = new Date().toISOString();
      const archived = await tx.update(modelVersions).set({ stage: 'archived', stageChangedAt: now }).where(and(eq(modelVersions.id, version.id), eq(modelVersions.stage, version.stage))).returning({ id: modelVersions.id });
      if (archived.length === 0) return;
      await recordAudit(tx, actor, {
        action: 'model_version.updated',
        entityType: 'model_version',
        entityId: version.id,
        before: { stage: version.stage },
        after: { stage: 'archived', reason: `Its system was retired${version.retiredAt ? ` on ${version.retiredAt.slice(0, 10)}` : ''}, before retiring a system archived its approved versions.` },
      });
      archivedCount += 1;
    });
  }
  return archivedCount;
}
