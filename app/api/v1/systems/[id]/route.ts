import { apiRoute } from '@/lib/http/api-route';
import { getSystem } from '@/lib/inventory/queries';
import { ZUpdateSystemInput } from '@/lib/inventory/schemas';
import { updateSystem } from '@/lib/inventory/update-system';

export const GET = apiRoute({}, ({ actor, params }) => getSystem(actor, params.id!));

export const PATCH = apiRoute({ permission: 'system.update', body: ZUpdateSystemInput }, ({ actor, params, body }) => updateSystem(actor, params.id!, body));
