import { apiRoute } from '@/lib/http/api-route';
import { createSystem } from '@/lib/inventory/create-system';
import { listSystems } from '@/lib/inventory/queries';
import { ZCreateSystemInput, ZListSystemsQuery } from '@/lib/inventory/schemas';

export const GET = apiRoute({ query: ZListSystemsQuery }, ({ actor, query }) => listSystems(actor, query));

export const POST = apiRoute({ permission: 'system.create', body: ZCreateSystemInput, status: 201 }, ({ actor, body }) => createSystem(actor, body));
