import { exportCard } from '@/lib/cards/export-card';
import { ZCardQuery } from '@/lib/cards/schemas';
import { apiRoute } from '@/lib/http/api-route';

/** The AI Card as JSON, Markdown, PDF or CycloneDX; `view=signed` or `request=<id>` renders a frozen snapshot. */
export const GET = apiRoute({ query: ZCardQuery }, async ({ actor, params, query }) => {
  const file = await exportCard(actor, params.id!, query);
  return new Response(new Uint8Array(typeof file.body === 'string' ? Buffer.from(file.body) : file.body), {
    headers: {
      'content-type': file.contentType,
      'content-disposition': `${query.format === 'pdf' ? 'inline' : 'attachment'}; filename="${file.fileName}"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    },
  });
});
