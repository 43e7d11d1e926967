import { cardFileResponse, exportCard } from '@/lib/cards/export-card';
import { ZCardQuery } from '@/lib/cards/schemas';
import { apiRoute } from '@/lib/http/api-route';

/** The AI Card as JSON, Markdown, PDF or CycloneDX; `view=signed` or `request=<id>` renders a frozen snapshot. */
export const GET = apiRoute({ query: ZCardQuery }, async ({ actor, params, query }) => cardFileResponse(await exportCard(actor, params.id!, query)));
