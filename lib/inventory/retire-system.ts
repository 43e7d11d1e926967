import 'server-only';
import { and, eq, inArray, ne } from 'drizzle-orm';
import { first, getDb, returnedRow, withTransaction } from '@/db';
import { aiSystems, models, modelVersions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict, NotFound } from '@/lib/errors';
import { supersedeOpenRequests } from '@/lib/promotion/supersede-open-requests';

/**
 * Retires a system: its records become read-only, its versions in staging or production are archived (nothing of a
 * retired system is approved to run, so an endpoint still serving one is flagged), and its open promotion requests
 * are closed as superseded. One event, which names the versions archived.
 */
export async function retireSystem(actor: Actor, id: string, input: { reason: string }) {
  const db = getDb();
  const current = first(await db.select().from(aiSystems).where(eq(aiSystems.id, id)).limit(1));
  if (!current) throw new NotFound('AI system');
  assertCan(actor, 'system.retire', { ownerIds: [current.ownerId] });
  return await withTransaction(async (tx) => {
    const now = new Date().toISOString();
    const row = returnedRow(await tx
      .update(aiSystems)
      .set({ lifecycleStatus: 'retired', retiredAt: now, updatedAt: now })
      // The owner the permission was judged on: a transfer that lands first ends a former owner's rights.
      .where(and(eq(aiSystems.id, id), eq(aiSystems.ownerId, current.ownerId), ne(aiSystems.lifecycleStatus, 'retired')))
      .returning());
    if (!row) throw new Conflict(current.lifecycleStatus === 'retired' ? 'The system is already retired.' : 'The system was retired or given to a new owner meanwhile. Reload the page.');
    const versionIds = (await tx.select({ id: modelVersions.id }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).where(eq(models.systemId, id))).map((v) => v.id);
    const archived = await tx
      .update(modelVersions)
      .set({ stage: 'archived', stageChangedAt: now })
      .where(and(inArray(modelVersions.modelId, tx.select({ id: models.id }).from(models).where(eq(models.systemId, id))), inArray(modelVersions.stage, ['staging', 'production'])))
      .returning({ id: modelVersions.id });
    await recordAudit(tx, actor, {
      action: 'system.retired',
      entityType: 'ai_system',
      entityId: id,
      before: { lifecycleStatus: current.lifecycleStatus },
      after: { lifecycleStatus: 'retired', retiredAt: now, reason: input.reason, ...(archived.length ? { archived: archived.map((v) => v.id) } : {}) },
    });
    await supersedeOpenRequests(tx, actor, { versionIds, reason: `The system was retired: ${input.reason}` });
    return row;
  });
}
