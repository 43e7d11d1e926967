import { exportInventory } from '@/lib/exports/export-inventory';
import { apiRoute } from '@/lib/http/api-route';

export const GET = apiRoute({}, ({ actor }) => exportInventory(actor));
