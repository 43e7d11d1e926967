import 'server-only';
import type { Actor } from '@/lib/auth/actor';
import { actionItems } from './action-items';
import { listNotifications } from './notifications';
import type { InboxQuery } from './schemas';

/**
 * The person's inbox: `actions`, what needs them now (computed, always current, most pressing first), `comingUp`,
 * what concerns them but is someone else's to do (a review a risk officer signs), and the news,
 * a page of their notifications newest first (`items`, `total`, `unread`), each read or not.
 */
export async function inbox(actor: Actor, query: InboxQuery, now = new Date()) {
  const news = await listNotifications(actor, query);
  const { items: actions, comingUp, truncated } = await actionItems(actor, now);
  return { ...news, actions, comingUp, actionsTruncated: truncated };
}
