import { recordToolReport } from '@/lib/evidence/record-tool-report';
import { apiRoute } from '@/lib/http/api-route';

/** A tool's report (multipart `file`, `modelVersionId`, optional `format`, `environment`, `datasetVersionId`) -> computed evidence. */
export const POST = apiRoute({ permission: 'evidence.record', status: 201 }, ({ actor, request }) => recordToolReport(actor, request));
