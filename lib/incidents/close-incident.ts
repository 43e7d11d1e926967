import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import { returnedRow, withTransaction } from '@/db';
import { incidentActions, incidents } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict } from '@/lib/errors';
import { incidentForUpdate } from './incident-for-update';
import { tellIncident } from './tell-incident';

/**
 * Closes an incident with a note, which ends its timeline. A serious incident must be reported first: closing it
 * would silence the Art. 73 clock without the report the law asks for.
 */
export async function closeIncident(actor: Actor, id: string, input: { closingNote: string }, now = new Date()) {
  assertCan(actor, 'incident.update');
  return await withTransaction(async (tx) => {
    const current = await incidentForUpdate(tx, actor, id);
    if (current.serious && !current.reportedAt) throw new Conflict('A serious incident is closed only after it has been reported to the authority.');
    const at = now.toISOString();
    const row = returnedRow(await tx
      .update(incidents)
      .set({ status: 'closed', updatedAt: at })
      .where(and(eq(incidents.id, id), ne(incidents.status, 'closed')))
      .returning());
    if (!row) throw new Conflict('The incident is already closed.');
    await tx.insert(incidentActions).values({ incidentId: id, at, text: `Closed: ${input.closingNote}`, actorId: actor.userId, createdAt: at });
    await recordAudit(tx, actor, { action: 'incident.updated', entityType: 'incident', entityId: id, before: { status: current.status }, after: { status: 'closed', closingNote: input.closingNote } });
    await tellIncident(tx, 'incident.updated', row, 'closed', now);
    return row;
  });
}
