import { apiRoute } from '@/lib/http/api-route';
import { createDataset } from '@/lib/inventory/create-dataset';
import { listDatasets } from '@/lib/inventory/queries';
import { ZCreateDatasetInput, ZListDatasetsQuery } from '@/lib/inventory/schemas';

export const GET = apiRoute({ query: ZListDatasetsQuery }, async ({ actor, query }) => await listDatasets(actor, query));

export const POST = apiRoute({ permission: 'dataset.register', body: ZCreateDatasetInput, status: 201 }, async ({ actor, body }) => await createDataset(actor, body));
