import { apiRoute } from '@/lib/http/api-route';
import { approvedDigest } from '@/lib/promotion/approved-digest';
import { ZApprovedDigestQuery } from '@/lib/promotion/schemas';

/** A deployment job's question before it ships bytes (`provenant verify`): always 200, the verdict in the body. */
export const GET = apiRoute({ query: ZApprovedDigestQuery }, async ({ actor, query }) => await approvedDigest(actor, query));
