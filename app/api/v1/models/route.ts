import { apiRoute } from '@/lib/http/api-route';
import { createModel } from '@/lib/inventory/create-model';
import { listModels } from '@/lib/inventory/queries';
import { ZCreateModelInput, ZListModelsQuery } from '@/lib/inventory/schemas';

export const GET = apiRoute({ query: ZListModelsQuery }, ({ actor, query }) => listModels(actor, query));

export const POST = apiRoute({ body: ZCreateModelInput, status: 201 }, ({ actor, body }) => createModel(actor, body));
