import { apiRoute } from '@/lib/http/api-route';
import { getSystem } from '@/lib/inventory/queries';
import { ZUpdateSystemInput } from '@/lib/inventory/schemas';
import { updateSystem } from '@/lib/inventory/update-system';

export const GET = apiRoute({}, async ({ actor, params }) => await getSystem(actor, params.id!));

export const PATCH = apiRoute({ permission: 'system.update', body: ZUpdateSystemInput }, async ({ actor, params, body }) => await updateSystem(actor, params.id!, body));
