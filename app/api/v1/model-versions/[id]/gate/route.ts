import { apiRoute } from '@/lib/http/api-route';
import { liveGate } from '@/lib/promotion/queries';
import { ZGateQuery } from '@/lib/promotion/schemas';

/** The live gate of a version for one stage, as `provenant gate` reads it: passed, and every requirement with its detail. */
export const GET = apiRoute({ query: ZGateQuery }, async ({ actor, params, query }) => await liveGate(actor, params.id!, query.stage));
