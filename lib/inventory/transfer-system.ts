import 'server-only';
import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import { first, returnedRow, withTransaction } from '@/db';
import { aiSystems, deployments, models, modelVersions, users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict, Forbidden, Invalid, NotFound } from '@/lib/errors';
import { emitEvent } from '@/lib/notify/emit-event';
import { supersedeOpenRequests } from '@/lib/promotion/supersede-open-requests';
import { personWhoMay } from '@/lib/users/people-who-may';
import { OWNER_PERMISSION } from './system-owner';

/**
 * Gives a system to a new owner (someone leaves, a team takes it over): its owner or a risk officer, in the browser,
 * to an active data scientist, from the owner the page showed, all judged on the row as it is inside the transaction.
 * A tier confirmed by the new owner no longer stands (an owner never confirms their own), and the system's open
 * promotion requests close as superseded: each froze the owner in its snapshot, so the new owner asks again. Its
 * models go with it (a model belongs to its system's owner), and so do the endpoints the previous owner reported
 * running its versions: their pipelines report as the new owner from now on. Audited with the reason; the new owner
 * is told, and the previous one when someone else gave it.
 */
export async function transferSystem(actor: Actor, systemId: string, input: { ownerId: string; fromOwnerId: string; reason: string }, now = new Date()) {
  return await withTransaction(async (tx) => {
    const current = first(await tx.select().from(aiSystems).where(eq(aiSystems.id, systemId)).limit(1));
    if (!current) throw new NotFound('AI system');
    assertCan(actor, 'system.update', { ownerIds: [current.ownerId] });
    if (actor.type !== 'user') throw new Forbidden('A system changes owner in the browser, by its owner or a risk officer; API tokens are refused.');
    if (current.lifecycleStatus === 'retired') throw new Conflict('A retired system keeps its owner.');
    if (current.ownerId !== input.fromOwnerId) throw new Conflict('The system changed owner since you opened the page. Reload it.');
    if (input.ownerId === current.ownerId) throw new Invalid('The system already has this owner.', [{ path: 'ownerId', message: 'Choose someone else.' }]);
    const next = await personWhoMay(input.ownerId, OWNER_PERMISSION, tx);
    if (!next) throw new Invalid('The new owner must be an active data scientist: the owner registers the system’s models.', [{ path: 'ownerId', message: 'Choose an active data scientist.' }]);
    const at = now.toISOString();
    const confirmerOwns = current.tierConfirmedById === input.ownerId;
    const withdrawn = confirmerOwns ? { tierConfirmedById: null, tierConfirmedAt: null, tierAssessedAt: at } : {};
    const row = returnedRow(await tx
      .update(aiSystems)
      .set({ ownerId: input.ownerId, updatedAt: at, ...withdrawn })
      // As read: the owner, and the confirmation whose fate was decided above.
      .where(and(eq(aiSystems.id, systemId), eq(aiSystems.ownerId, current.ownerId), ne(aiSystems.lifecycleStatus, 'retired'), current.tierConfirmedById === null ? isNull(aiSystems.tierConfirmedById) : eq(aiSystems.tierConfirmedById, current.tierConfirmedById)))
      .returning());
    if (!row) throw new Conflict('The system changed meanwhile (its owner or its tier confirmation). Reload the page.');
    const versionIds = (await tx.select({ id: modelVersions.id }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).where(eq(models.systemId, systemId))).map((v) => v.id);
    const superseded = await supersedeOpenRequests(tx, actor, { versionIds, reason: 'The system changed owner: the new owner asks again.' });
    const endpoints = versionIds.length === 0 ? [] : await tx
      .update(deployments)
      .set({ reporterId: input.ownerId })
      .where(and(inArray(deployments.modelVersionId, versionIds), eq(deployments.reporterId, current.ownerId)))
      .returning({ id: deployments.id, environment: deployments.environment, endpoint: deployments.endpoint });
    // Each endpoint's own history says who reports there from now on, as a risk officer's hand-over would.
    for (const endpoint of endpoints) {
      await recordAudit(tx, actor, { action: 'deployment.handed_over', entityType: 'deployment', entityId: endpoint.id, before: { reporterId: current.ownerId }, after: { reporterId: input.ownerId, environment: endpoint.environment, endpoint: endpoint.endpoint, reason: `The system ${current.name} changed owner: ${input.reason}` } });
    }
    const previous = first(await tx.select({ name: users.name }).from(users).where(eq(users.id, current.ownerId)).limit(1));
    await recordAudit(tx, actor, {
      action: 'system.transferred',
      entityType: 'ai_system',
      entityId: systemId,
      before: { ownerId: current.ownerId, ...(confirmerOwns ? { tierConfirmedById: current.tierConfirmedById, tierConfirmedAt: current.tierConfirmedAt, tierAssessedAt: current.tierAssessedAt } : {}) },
      after: { ownerId: input.ownerId, reason: input.reason, ...withdrawn, ...(superseded.length ? { supersededRequests: superseded } : {}), ...(endpoints.length ? { handedOverEndpoints: endpoints } : {}) },
    });
    await emitEvent(tx, {
      type: 'system.transferred',
      title: `${current.name} is now owned by ${next.name} (was ${previous?.name ?? 'a former user'}), given by ${actor.name}`,
      href: `/systems/${systemId}`,
      entityType: 'ai_system',
      entityId: systemId,
      recipients: [input.ownerId, current.ownerId].filter((id) => id !== actor.userId),
      data: { ownerId: input.ownerId, previousOwnerId: current.ownerId, supersededRequests: superseded },
    }, now);
    return row;
  });
}
