import { apiRoute } from '@/lib/http/api-route';
import { getRun } from '@/lib/lineage/queries';

export const GET = apiRoute({}, async ({ actor, params }) => await getRun(actor, params.id!));
