import { apiRoute } from '@/lib/http/api-route';
import { inboxSummary } from '@/lib/inbox/summary';

export const GET = apiRoute({}, async ({ actor }) => await inboxSummary(actor));
