import { apiRoute } from '@/lib/http/api-route';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { listModelVersions } from '@/lib/inventory/queries';
import { ZCreateModelVersionInput, ZListModelVersionsQuery } from '@/lib/inventory/schemas';

export const GET = apiRoute({ query: ZListModelVersionsQuery }, ({ actor, query }) => listModelVersions(actor, query));

export const POST = apiRoute({ permission: 'model.register', body: ZCreateModelVersionInput, status: 201 }, ({ actor, body }) => createModelVersion(actor, body));
