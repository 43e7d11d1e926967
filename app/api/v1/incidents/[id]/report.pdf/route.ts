import { fileResponse } from '@/lib/http/file-response';
import { apiRoute } from '@/lib/http/api-route';
import { incidentReportPdf } from '@/lib/pdf/incident/incident-report-pdf';

/** The authority report as a PDF attachment. */
export const GET = apiRoute({}, async ({ actor, params }) => {
  const { bytes, fileName } = await incidentReportPdf(actor, params.id!);
  return fileResponse(new Uint8Array(bytes), { contentType: 'application/pdf', fileName: fileName });
});
