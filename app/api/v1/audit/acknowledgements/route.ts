import { acknowledgeBreak } from '@/lib/audit/acknowledge-break';
import { ZAcknowledgeBreakInput } from '@/lib/audit/schemas';
import { apiRoute } from '@/lib/http/api-route';

/** Session only: acknowledging needs the admin's password, so API tokens are always refused (403). */
export const POST = apiRoute({ permission: 'audit.acknowledge_break', body: ZAcknowledgeBreakInput, status: 201 }, ({ actor, body }) => acknowledgeBreak(actor, body));
