import { apiRoute } from '@/lib/http/api-route';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { getDataset } from '@/lib/inventory/queries';
import { ZCreateDatasetVersionInput } from '@/lib/inventory/schemas';

export const GET = apiRoute({}, async ({ actor, params }) => {
  const { versions } = await getDataset(actor, params.id!);
  return { items: versions, total: versions.length };
});

export const POST = apiRoute({ permission: 'dataset.register', body: ZCreateDatasetVersionInput, status: 201 }, async ({ actor, params, body }) => await createDatasetVersion(actor, params.id!, body));
