import { apiRoute } from '@/lib/http/api-route';
import { confirmSystemTier } from '@/lib/inventory/confirm-tier';
import { ZConfirmTierInput } from '@/lib/inventory/schemas';

/** A risk officer's confirmation of the system's tier as they read it; API tokens are refused by the verb. */
export const POST = apiRoute({ permission: 'system.classify', body: ZConfirmTierInput }, async ({ actor, params, body }) => await confirmSystemTier(actor, params.id!, body));
