import { apiRoute } from '@/lib/http/api-route';
import { getModel } from '@/lib/inventory/queries';
import { ZUpdateModelInput } from '@/lib/inventory/schemas';
import { updateModel } from '@/lib/inventory/update-model';

export const GET = apiRoute({}, async ({ actor, params }) => await getModel(actor, params.id!));

export const PATCH = apiRoute({ permission: 'model.update', body: ZUpdateModelInput }, async ({ actor, params, body }) => await updateModel(actor, params.id!, body));
