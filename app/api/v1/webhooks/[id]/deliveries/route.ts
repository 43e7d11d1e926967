import { apiRoute } from '@/lib/http/api-route';
import { listWebhookDeliveries } from '@/lib/webhooks/queries';
import { ZWebhookDeliveriesQuery } from '@/lib/webhooks/schemas';

export const GET = apiRoute({ query: ZWebhookDeliveriesQuery }, async ({ actor, params, query }) => await listWebhookDeliveries(actor, params.id!, query));
