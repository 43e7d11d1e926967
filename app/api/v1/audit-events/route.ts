import { listAuditEvents } from '@/lib/audit/queries';
import { ZListAuditQuery } from '@/lib/audit/schemas';
import { apiRoute } from '@/lib/http/api-route';

export const GET = apiRoute({ query: ZListAuditQuery }, async ({ actor, query }) => await listAuditEvents(actor, query));
