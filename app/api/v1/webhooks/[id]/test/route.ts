import { apiRoute } from '@/lib/http/api-route';
import { sendTestEvent } from '@/lib/webhooks/send-test-event';

export const POST = apiRoute({ permission: 'webhook.manage', status: 201 }, ({ actor, params }) => sendTestEvent(actor, params.id!));
