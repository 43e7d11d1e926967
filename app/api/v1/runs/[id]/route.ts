import { apiRoute } from '@/lib/http/api-route';
import { getRun } from '@/lib/lineage/queries';

export const GET = apiRoute({}, ({ actor, params }) => getRun(actor, params.id!));
