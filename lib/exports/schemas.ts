import { ZListAuditQuery } from '@/lib/audit/schemas';

/** The audit page's and API list's own filters, without paging: an export holds every matching event. */
export const ZAuditExportQuery = ZListAuditQuery.omit({ page: true, pageSize: true });
