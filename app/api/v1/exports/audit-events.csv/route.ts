import { exportAuditEvents } from '@/lib/exports/export-audit-events';
import { ZAuditExportQuery } from '@/lib/exports/schemas';
import { apiRoute } from '@/lib/http/api-route';

export const GET = apiRoute({ query: ZAuditExportQuery }, async ({ actor, query }) => await exportAuditEvents(actor, query));
