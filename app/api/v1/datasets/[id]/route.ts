import { apiRoute } from '@/lib/http/api-route';
import { getDataset } from '@/lib/inventory/queries';
import { ZUpdateDatasetInput } from '@/lib/inventory/schemas';
import { updateDataset } from '@/lib/inventory/update-dataset';

export const GET = apiRoute({}, async ({ actor, params }) => await getDataset(actor, params.id!));

export const PATCH = apiRoute({ permission: 'dataset.update', body: ZUpdateDatasetInput }, async ({ actor, params, body }) => await updateDataset(actor, params.id!, body));
