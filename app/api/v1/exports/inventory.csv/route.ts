import { exportInventory } from '@/lib/exports/export-inventory';
import { ZInventoryExportQuery } from '@/lib/exports/schemas';
import { apiRoute } from '@/lib/http/api-route';

export const GET = apiRoute({ query: ZInventoryExportQuery }, async ({ actor, query }) => await exportInventory(actor, query));
