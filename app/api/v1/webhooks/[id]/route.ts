import { apiRoute } from '@/lib/http/api-route';
import { getWebhookEndpoint } from '@/lib/webhooks/queries';
import { ZUpdateWebhookEndpointInput } from '@/lib/webhooks/schemas';
import { updateWebhookEndpoint } from '@/lib/webhooks/update-webhook-endpoint';

export const GET = apiRoute({}, async ({ actor, params }) => await getWebhookEndpoint(actor, params.id!));

export const PATCH = apiRoute({ permission: 'webhook.manage', body: ZUpdateWebhookEndpointInput }, ({ actor, params, body }) => updateWebhookEndpoint(actor, params.id!, body));
