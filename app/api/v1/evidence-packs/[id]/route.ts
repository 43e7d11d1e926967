import { apiRoute } from '@/lib/http/api-route';
import { getEvidencePack } from '@/lib/packs/queries';

export const GET = apiRoute({}, async ({ actor, params }) => await getEvidencePack(actor, params.id!));
