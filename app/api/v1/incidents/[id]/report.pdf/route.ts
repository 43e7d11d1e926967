import { apiRoute } from '@/lib/http/api-route';
import { incidentReportPdf } from '@/lib/pdf/incident/incident-report-pdf';

/** The authority report as a PDF attachment. */
export const GET = apiRoute({}, async ({ actor, params }) => {
  const { bytes, fileName } = await incidentReportPdf(actor, params.id!);
  return new Response(new Uint8Array(bytes), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${fileName}"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    },
  });
});
