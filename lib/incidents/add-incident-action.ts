import 'server-only';
import { only, withTransaction } from '@/db';
import { incidentActions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Invalid } from '@/lib/errors';
import { formatDateTime } from '@/lib/format/date-time';
import { incidentForUpdate } from './incident-for-update';
import { assertNotFuture } from './incident-time';
import type { AddIncidentActionInput } from './schemas';

/**
 * Appends what was done, and when, to an open incident's timeline; the table refuses edits and deletions (a trigger).
 * Actions follow awareness: what happened before it is the account in the description, so an earlier date is refused.
 */
export async function addIncidentAction(actor: Actor, incidentId: string, input: AddIncidentActionInput, now = new Date()) {
  assertCan(actor, 'incident.update');
  assertNotFuture('at', input.at, now);
  return await withTransaction(async (tx) => {
    const incident = await incidentForUpdate(tx, actor, incidentId);
    if (Date.parse(input.at) < Date.parse(incident.awareAt)) {
      const message = `An action cannot be dated before the organisation became aware of the incident (${formatDateTime(incident.awareAt)}); describe what happened before that in the incident's description.`;
      throw new Invalid(message, [{ path: 'at', message }]);
    }
    const action = only(await tx.insert(incidentActions).values({ incidentId, at: input.at, text: input.text, actorId: actor.userId, createdAt: now.toISOString() }).returning());
    await recordAudit(tx, actor, { action: 'incident.action_added', entityType: 'incident', entityId: incidentId, after: action });
    return action;
  });
}
