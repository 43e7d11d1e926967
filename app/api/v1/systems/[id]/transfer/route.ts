import { apiRoute } from '@/lib/http/api-route';
import { ZTransferSystemInput } from '@/lib/inventory/schemas';
import { transferSystem } from '@/lib/inventory/transfer-system';

/** Its owner or a risk officer gives the system to a new owner, with a reason; API tokens are refused by the verb. */
export const POST = apiRoute({ permission: 'system.update', body: ZTransferSystemInput }, async ({ actor, params, body }) => await transferSystem(actor, params.id!, body));
