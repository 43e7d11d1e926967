import { ZListSystemsQuery } from '@/lib/inventory/schemas';

export { ZAuditExportQuery } from '@/lib/audit/schemas';

/** The inventory list's filters and sort, without paging: the CSV holds every system the list would show. */
export const ZInventoryExportQuery = ZListSystemsQuery.omit({ page: true, pageSize: true });
