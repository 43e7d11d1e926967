import { listAuditEvents } from '@/lib/audit/queries';
import { ZListAuditQuery } from '@/lib/audit/schemas';
import { apiRoute } from '@/lib/http/api-route';

export const GET = apiRoute({ query: ZListAuditQuery }, ({ actor, query }) => listAuditEvents(actor, query));
