import { apiRoute } from '@/lib/http/api-route';
import { getEvidencePack } from '@/lib/packs/queries';

export const GET = apiRoute({}, ({ actor, params }) => getEvidencePack(actor, params.id!));
