import 'server-only';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { closeIncident } from './close-incident';
import { markIncidentReported } from './mark-incident-reported';
import type { PatchIncidentInput } from './schemas';
import { updateIncident } from './update-incident';

/** PATCH /incidents/{id}: a status moves the incident on (reported, closed); without one, the facts are edited. */
export async function patchIncident(actor: Actor, id: string, input: PatchIncidentInput, now = new Date()) {
  assertCan(actor, 'incident.update');
  const { status, reportedAt, authorityReference, closingNote, ...facts } = input;
  if (status === 'reported') return await markIncidentReported(actor, id, { reportedAt: reportedAt!, authorityReference: authorityReference! }, now);
  if (status === 'closed') return await closeIncident(actor, id, { closingNote: closingNote! }, now);
  return await updateIncident(actor, id, facts, now);
}
