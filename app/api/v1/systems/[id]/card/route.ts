import { cardFileResponse } from '@/lib/cards/export-card';
import { exportSystemCard } from '@/lib/cards/export-system-card';
import { ZSystemCardQuery } from '@/lib/cards/system-card-export';
import { apiRoute } from '@/lib/http/api-route';

/** The system-level AI Card as JSON, Markdown or PDF. */
export const GET = apiRoute({ query: ZSystemCardQuery }, async ({ actor, params, query }) => cardFileResponse(await exportSystemCard(actor, params.id!, query.format)));
