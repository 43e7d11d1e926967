import { apiRoute } from '@/lib/http/api-route';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { listModelVersions } from '@/lib/inventory/queries';
import { ZCreateModelVersionInput, ZListModelVersionsQuery } from '@/lib/inventory/schemas';

export const GET = apiRoute({ query: ZListModelVersionsQuery }, async ({ actor, query }) => await listModelVersions(actor, query));

export const POST = apiRoute({ permission: 'model.register', body: ZCreateModelVersionInput, status: 201 }, async ({ actor, body }) => await createModelVersion(actor, body));
