import { apiRoute } from '@/lib/http/api-route';
import { lineageGraph } from '@/lib/lineage/queries';
import { ZLineageQuery } from '@/lib/lineage/schemas';

/** GET: the graph around ?node=<kind>:<id>&depth=N. POST (OpenLineage RunEvents) comes with the ingest. */
export const GET = apiRoute({ query: ZLineageQuery }, ({ actor, query }) => lineageGraph(actor, query));
