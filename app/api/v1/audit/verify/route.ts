import { verifyAuditTrail } from '@/lib/audit/queries';
import { apiRoute } from '@/lib/http/api-route';

export const GET = apiRoute({}, ({ actor }) => verifyAuditTrail(actor));
