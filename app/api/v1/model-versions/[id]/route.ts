import { apiRoute } from '@/lib/http/api-route';
import { getModelVersion } from '@/lib/inventory/queries';
import { ZUpdateModelVersionInput } from '@/lib/inventory/schemas';
import { updateModelVersion } from '@/lib/inventory/update-model-version';

export const GET = apiRoute({}, async ({ actor, params }) => await getModelVersion(actor, params.id!));

export const PATCH = apiRoute({ permission: 'model.update', body: ZUpdateModelVersionInput }, async ({ actor, params, body }) => await updateModelVersion(actor, params.id!, body));
