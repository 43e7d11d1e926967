import { apiRoute } from '@/lib/http/api-route';
import { listReviews } from '@/lib/reviews/queries';
import { ZListReviewsQuery } from '@/lib/reviews/schemas';

export const GET = apiRoute({ query: ZListReviewsQuery }, async ({ actor, query }) => await listReviews(actor, query));
