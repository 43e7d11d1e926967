import { apiRoute } from '@/lib/http/api-route';
import { addIncidentAction } from '@/lib/incidents/add-incident-action';
import { ZAddIncidentActionInput } from '@/lib/incidents/schemas';

export const POST = apiRoute({ permission: 'incident.update', body: ZAddIncidentActionInput, status: 201 }, async ({ actor, params, body }) => await addIncidentAction(actor, params.id!, body));
