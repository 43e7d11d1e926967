import { apiRoute } from '@/lib/http/api-route';
import { getModelVersion } from '@/lib/inventory/queries';
import { ZUpdateModelVersionInput } from '@/lib/inventory/schemas';
import { updateModelVersion } from '@/lib/inventory/update-model-version';

export const GET = apiRoute({}, ({ actor, params }) => getModelVersion(actor, params.id!));

export const PATCH = apiRoute({ permission: 'model.update', body: ZUpdateModelVersionInput }, ({ actor, params, body }) => updateModelVersion(actor, params.id!, body));
