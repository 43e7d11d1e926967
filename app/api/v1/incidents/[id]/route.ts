import { apiRoute } from '@/lib/http/api-route';
import { patchIncident } from '@/lib/incidents/patch-incident';
import { getIncident } from '@/lib/incidents/queries';
import { ZPatchIncidentInput } from '@/lib/incidents/schemas';

export const GET = apiRoute({}, async ({ actor, params }) => await getIncident(actor, params.id!));

export const PATCH = apiRoute({ permission: 'incident.update', body: ZPatchIncidentInput }, async ({ actor, params, body }) => await patchIncident(actor, params.id!, body));
