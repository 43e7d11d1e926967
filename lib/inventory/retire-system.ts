import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import { getDb } from '@/db';
import { aiSystems, models, modelVersions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict, NotFound } from '@/lib/errors';
import { supersedeOpenRequests } from '@/lib/promotion/supersede-open-requests';

/** Retires a system: its records become read-only, and its open promotion requests are closed as superseded. */
export function retireSystem(actor: Actor, id: string, input: { reason: string }) {
  const db = getDb();
  const current = db.select().from(aiSystems).where(eq(aiSystems.id, id)).get();
  if (!current) throw new NotFound('AI system');
  assertCan(actor, 'system.retire', { ownerIds: [current.ownerId] });
  return db.transaction(
    (tx) => {
      const now = new Date().toISOString();
      const row = tx
        .update(aiSystems)
        .set({ lifecycleStatus: 'retired', retiredAt: now, updatedAt: now })
        .where(and(eq(aiSystems.id, id), ne(aiSystems.lifecycleStatus, 'retired')))
        .returning()
        .get();
      if (!row) throw new Conflict('The system is already retired.');
      recordAudit(tx, actor, {
        action: 'system.retired',
        entityType: 'ai_system',
        entityId: id,
        before: { lifecycleStatus: current.lifecycleStatus },
        after: { lifecycleStatus: 'retired', retiredAt: now, reason: input.reason },
      });
      const versionIds = tx.select({ id: modelVersions.id }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).where(eq(models.systemId, id)).all().map((v) => v.id);
      supersedeOpenRequests(tx, actor, { versionIds, reason: `The system was retired: ${input.reason}` });
      return row;
    },
    { behavior: 'immediate' },
  );
}
