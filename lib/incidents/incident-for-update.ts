import 'server-only';
import { eq } from 'drizzle-orm';
import { first, type Db, type Tx } from '@/db';
import { incidents } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict, NotFound } from '@/lib/errors';

/**
 * The incident an update is about, once the actor may change it: a data scientist only an incident they own or
 * recorded; risk, security and admins any. A closed incident is a record and changes no more.
 */
export async function incidentForUpdate(db: Db | Tx, actor: Actor, id: string) {
  const incident = first(await db.select().from(incidents).where(eq(incidents.id, id)).limit(1));
  if (!incident) throw new NotFound('Incident');
  assertCan(actor, 'incident.update', { ownerIds: [incident.ownerId, incident.createdById] });
  if (incident.status === 'closed') throw new Conflict('The incident is closed; its record no longer changes.');
  return incident;
}
