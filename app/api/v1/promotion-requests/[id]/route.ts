import { apiRoute } from '@/lib/http/api-route';
import { getPromotionRequest } from '@/lib/promotion/queries';

/** A request with its status, policy, signatures and frozen snapshot: a pipeline polls it after `provenant promote`. */
export const GET = apiRoute({}, async ({ actor, params }) => await getPromotionRequest(actor, params.id!));
