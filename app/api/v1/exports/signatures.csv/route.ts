import { exportSignatures } from '@/lib/exports/export-signatures';
import { apiRoute } from '@/lib/http/api-route';

export const GET = apiRoute({}, ({ actor }) => exportSignatures(actor));
