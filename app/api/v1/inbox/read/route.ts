import { apiRoute } from '@/lib/http/api-route';
import { markNotificationsRead } from '@/lib/inbox/mark-read';
import { ZMarkReadInput } from '@/lib/inbox/schemas';

/** Marks the caller's own notifications read; answers how many changed and how many stay unread. */
export const POST = apiRoute({ permission: 'inventory.read', body: ZMarkReadInput }, async ({ actor, body }) => await markNotificationsRead(actor, body));
