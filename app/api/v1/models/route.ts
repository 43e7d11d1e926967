import { apiRoute } from '@/lib/http/api-route';
import { createModel } from '@/lib/inventory/create-model';
import { listModelRows } from '@/lib/inventory/model-list';
import { ZListModelRowsQuery } from '@/lib/inventory/model-list-query';
import { ZCreateModelInput } from '@/lib/inventory/schemas';

export const GET = apiRoute({ query: ZListModelRowsQuery }, async ({ actor, query }) => await listModelRows(actor, query));

export const POST = apiRoute({ permission: 'model.register', body: ZCreateModelInput, status: 201 }, async ({ actor, body }) => await createModel(actor, body));
