import { apiRoute } from '@/lib/http/api-route';
import { sendTestEvent } from '@/lib/webhooks/send-test-event';

export const POST = apiRoute({ permission: 'webhook.manage', status: 201 }, async ({ actor, params }) => await sendTestEvent(actor, params.id!));
