import { apiRoute } from '@/lib/http/api-route';
import { getReview } from '@/lib/reviews/queries';

export const GET = apiRoute({}, ({ actor, params }) => getReview(actor, params.id!));
