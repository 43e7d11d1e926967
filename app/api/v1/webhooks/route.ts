import { apiRoute } from '@/lib/http/api-route';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { listWebhookEndpoints } from '@/lib/webhooks/queries';
import { ZCreateWebhookEndpointInput } from '@/lib/webhooks/schemas';

export const GET = apiRoute({}, async ({ actor }) => {
  const items = await listWebhookEndpoints(actor);
  return { items, total: items.length };
});

export const POST = apiRoute({ permission: 'webhook.manage', body: ZCreateWebhookEndpointInput, status: 201 }, ({ actor, body }) => createWebhookEndpoint(actor, body));
