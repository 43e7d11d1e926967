import { apiRoute } from '@/lib/http/api-route';
import { createSystem } from '@/lib/inventory/create-system';
import { listSystems } from '@/lib/inventory/queries';
import { ZCreateSystemInput, ZListSystemsQuery } from '@/lib/inventory/schemas';

export const GET = apiRoute({ query: ZListSystemsQuery }, async ({ actor, query }) => await listSystems(actor, query));

export const POST = apiRoute({ permission: 'system.create', body: ZCreateSystemInput, status: 201 }, async ({ actor, body }) => await createSystem(actor, body));
