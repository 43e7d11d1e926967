import 'server-only';
import { createElement } from 'react';
import type { Actor } from '@/lib/auth/actor';
import { getIncident } from '@/lib/incidents/queries';
import { renderPdfToBuffer } from '../render-pdf';
import { IncidentDocument } from './incident-document';

/** The authority report of an incident as PDF bytes, with the file name a download gets. */
export async function incidentReportPdf(actor: Actor, incidentId: string, now = new Date()) {
  const incident = await getIncident(actor, incidentId, now);
  const view = { incident, preparedBy: { name: actor.name, email: actor.email }, generatedAt: now.toISOString() };
  const bytes = await renderPdfToBuffer(createElement(IncidentDocument, { view }));
  return { bytes, fileName: `provenant-incident-${incident.number}-${now.toISOString().slice(0, 10)}.pdf` };
}
