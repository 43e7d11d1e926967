import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import { first, getDb, returnedRow, withTransaction } from '@/db';
import { aiSystems, users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict, Forbidden, Invalid, NotFound } from '@/lib/errors';
import { emitEvent } from '@/lib/notify/emit-event';
import { personWhoMay } from '@/lib/users/people-who-may';

/**
 * Gives a system to a new owner (someone leaves, a team takes it over): its owner or a risk officer, in the browser,
 * to an active person who may own systems, from the owner the page showed. A tier confirmed by the new owner no longer
 * stands, since an owner never confirms their own. Audited with the reason; both people are told.
 */
export async function transferSystem(actor: Actor, systemId: string, input: { ownerId: string; fromOwnerId: string; reason: string }, now = new Date()) {
  const current = first(await getDb().select().from(aiSystems).where(eq(aiSystems.id, systemId)).limit(1));
  if (!current) throw new NotFound('AI system');
  assertCan(actor, 'system.update', { ownerIds: [current.ownerId] });
  if (actor.type !== 'user') throw new Forbidden('A system changes owner in the browser, by its owner or a risk officer; API tokens are refused.');
  if (input.ownerId === current.ownerId) throw new Invalid('The system already has this owner.', [{ path: 'ownerId', message: 'Choose someone else.' }]);
  return await withTransaction(async (tx) => {
    const next = await personWhoMay(input.ownerId, 'system.create', tx);
    if (!next) throw new Invalid('The new owner must be an active data scientist or risk officer.', [{ path: 'ownerId', message: 'Choose an active data scientist or risk officer.' }]);
    const at = now.toISOString();
    const confirmerOwns = current.tierConfirmedById === input.ownerId;
    const row = returnedRow(await tx
      .update(aiSystems)
      .set({ ownerId: input.ownerId, updatedAt: at, ...(confirmerOwns ? { tierConfirmedById: null, tierConfirmedAt: null, tierAssessedAt: at } : {}) })
      .where(and(eq(aiSystems.id, systemId), eq(aiSystems.ownerId, input.fromOwnerId), ne(aiSystems.lifecycleStatus, 'retired')))
      .returning());
    if (!row) {
      const latest = first(await tx.select({ status: aiSystems.lifecycleStatus }).from(aiSystems).where(eq(aiSystems.id, systemId)).limit(1));
      throw new Conflict(latest?.status === 'retired' ? 'A retired system keeps its owner.' : 'The system changed owner since you opened the page. Reload it.');
    }
    const previous = first(await tx.select({ name: users.name }).from(users).where(eq(users.id, current.ownerId)).limit(1));
    await recordAudit(tx, actor, {
      action: 'system.transferred',
      entityType: 'ai_system',
      entityId: systemId,
      before: { ownerId: current.ownerId, ...(confirmerOwns ? { tierConfirmedById: current.tierConfirmedById, tierConfirmedAt: current.tierConfirmedAt } : {}) },
      after: { ownerId: input.ownerId, reason: input.reason, ...(confirmerOwns ? { tierConfirmedById: null, tierConfirmedAt: null } : {}) },
    });
    await emitEvent(tx, {
      type: 'system.transferred',
      title: `${current.name} is now owned by ${next.name} (was ${previous?.name ?? 'a former user'}), given by ${actor.name}`,
      href: `/systems/${systemId}`,
      entityType: 'ai_system',
      entityId: systemId,
      recipients: [input.ownerId, current.ownerId].filter((id) => id !== actor.userId),
      data: { ownerId: input.ownerId, previousOwnerId: current.ownerId },
    }, now);
    return row;
  });
}
