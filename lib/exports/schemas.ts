import { ZListAuditQuery } from '@/lib/audit/schemas';
import { ZListSystemsQuery } from '@/lib/inventory/schemas';

/** The audit page's and API list's own filters, without paging: an export holds every matching event. */
export const ZAuditExportQuery = ZListAuditQuery.omit({ page: true, pageSize: true });

/** The inventory list's filters and sort, without paging: the CSV holds every system the list would show. */
export const ZInventoryExportQuery = ZListSystemsQuery.omit({ page: true, pageSize: true });
