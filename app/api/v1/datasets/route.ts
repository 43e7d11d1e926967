import { apiRoute } from '@/lib/http/api-route';
import { createDataset } from '@/lib/inventory/create-dataset';
import { listDatasets } from '@/lib/inventory/queries';
import { ZCreateDatasetInput, ZListDatasetsQuery } from '@/lib/inventory/schemas';

export const GET = apiRoute({ query: ZListDatasetsQuery }, ({ actor, query }) => listDatasets(actor, query));

export const POST = apiRoute({ permission: 'dataset.register', body: ZCreateDatasetInput, status: 201 }, ({ actor, body }) => createDataset(actor, body));
