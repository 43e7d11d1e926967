import { apiRoute } from '@/lib/http/api-route';
import { inbox } from '@/lib/inbox/inbox';
import { ZInboxQuery } from '@/lib/inbox/schemas';

export const GET = apiRoute({ query: ZInboxQuery }, async ({ actor, query }) => await inbox(actor, query));
