import { apiRoute } from '@/lib/http/api-route';
import { listWebhookDeliveries } from '@/lib/webhooks/queries';
import { ZWebhookDeliveriesQuery } from '@/lib/webhooks/schemas';

export const GET = apiRoute({ query: ZWebhookDeliveriesQuery }, ({ actor, params, query }) => listWebhookDeliveries(actor, params.id!, query));
