import 'server-only';
import type { Actor } from '@/lib/auth/actor';
import { getIncident } from '@/lib/incidents/queries';
import { renderInChild } from '../render-in-child';

/** The authority report of an incident as PDF bytes (rendered off this server's event loop), with its file name. */
export async function incidentReportPdf(actor: Actor, incidentId: string, now = new Date()) {
  const incident = await getIncident(actor, incidentId, now);
  const view = { incident, generatedBy: { name: actor.name, email: actor.email }, generatedAt: now.toISOString() };
  const bytes = await renderInChild({ kind: 'incident', view }, 'This incident report');
  return { bytes, fileName: `provenant-incident-${incident.number}-${now.toISOString().slice(0, 10)}.pdf` };
}
