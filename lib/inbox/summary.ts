import 'server-only';
import type { Actor } from '@/lib/auth/actor';
import { actionItems } from './action-items';
import { INBOX_COUNTS_UP_TO } from './counts';
import { unreadCount } from './notifications';

export type InboxSummary = {
  /** What needs the person now: the inbox's "Needs your action", each kind listed up to its cap. */
  actions: number;
  /** A kind had more than its cap: the inbox links to the full list, and the badge reads "25+". */
  more: boolean;
  /** How many of those are overdue. */
  overdue: number;
  /** Unread news, up to INBOX_COUNTS_UP_TO + 1. */
  unread: number;
};

/**
 * What the navigation's Inbox badge says: how many things need the person (computed from the records, as the inbox
 * lists them), how many of those are late, and how much news is unread. Read after the page, so no page waits for it.
 */
export async function inboxSummary(actor: Actor, now = new Date()): Promise<InboxSummary> {
  const { items, truncated } = await actionItems(actor, now);
  return {
    actions: items.length,
    more: truncated,
    overdue: items.filter((i) => i.overdue).length,
    unread: await unreadCount(actor, { upTo: INBOX_COUNTS_UP_TO + 1 }),
  };
}
