import { apiRoute } from '@/lib/http/api-route';
import { ZLineageCandidatesQuery } from '@/lib/lineage/schemas';
import { searchLineageCandidates } from '@/lib/lineage/search-candidates';

/** Versions for the run form's pickers: ?kind=dataset_version|model_version&q=words&side=input|output, paged. */
export const GET = apiRoute({ query: ZLineageCandidatesQuery }, async ({ actor, query }) => await searchLineageCandidates(actor, query));
