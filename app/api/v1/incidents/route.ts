import { apiRoute } from '@/lib/http/api-route';
import { listIncidents } from '@/lib/incidents/queries';
import { recordIncident } from '@/lib/incidents/record-incident';
import { ZListIncidentsQuery, ZRecordIncidentInput } from '@/lib/incidents/schemas';

export const GET = apiRoute({ query: ZListIncidentsQuery }, async ({ actor, query }) => await listIncidents(actor, query));

export const POST = apiRoute({ permission: 'incident.record', body: ZRecordIncidentInput, status: 201 }, async ({ actor, body }) => await recordIncident(actor, body));
