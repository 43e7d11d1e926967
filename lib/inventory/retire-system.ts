import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import { first, getDb, returnedRow, withTransaction } from '@/db';
import { aiSystems, models, modelVersions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict, NotFound } from '@/lib/errors';
import { supersedeOpenRequests } from '@/lib/promotion/supersede-open-requests';

/** Retires a system: its records become read-only, and its open promotion requests are closed as superseded. */
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
      .where(and(eq(aiSystems.id, id), ne(aiSystems.lifecycleStatus, 'retired')))
      .returning());
    if (!row) throw new Conflict('The system is already retired.');
    await recordAudit(tx, actor, {
      action: 'system.retired',
      entityType: 'ai_system',
      entityId: id,
      before: { lifecycleStatus: current.lifecycleStatus },
      after: { lifecycleStatus: 'retired', retiredAt: now, reason: input.reason },
    });
    const versionIds = (await tx.select({ id: modelVersions.id }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).where(eq(models.systemId, id))).map((v) => v.id);
    await supersedeOpenRequests(tx, actor, { versionIds, reason: `The system was retired: ${input.reason}` });
    return row;
  });
}
