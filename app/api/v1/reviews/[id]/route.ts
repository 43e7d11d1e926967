import { apiRoute } from '@/lib/http/api-route';
import { getReview } from '@/lib/reviews/queries';

export const GET = apiRoute({}, async ({ actor, params }) => await getReview(actor, params.id!));
