import { apiRoute } from '@/lib/http/api-route';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { getDataset } from '@/lib/inventory/queries';
import { ZCreateDatasetVersionInput } from '@/lib/inventory/schemas';

export const GET = apiRoute({}, ({ actor, params }) => {
  const { versions } = getDataset(actor, params.id!);
  return { items: versions, total: versions.length };
});

export const POST = apiRoute({ permission: 'dataset.register', body: ZCreateDatasetVersionInput, status: 201 }, ({ actor, params, body }) => createDatasetVersion(actor, params.id!, body));
