import 'server-only';
import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { notifications } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { offsetOf } from '@/lib/db-helpers';
import { newsOutcomes } from './news-outcomes';
import type { InboxQuery } from './schemas';

// The inbox is the reader's own: anyone who may read the inventory reads their notifications (a `read` token too).
const PERMISSION = 'inventory.read';

/**
 * How many of the person's notifications are unread, counted on the (user, read_at) index. `upTo` stops counting
 * there: the navigation, on every page, needs no more than "99+" however many thousands are waiting.
 */
export async function unreadCount(actor: Actor, { upTo }: { upTo?: number } = {}): Promise<number> {
  assertCan(actor, PERMISSION);
  const db = getDb();
  const unread = db.select({ one: sql`1` }).from(notifications).where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)));
  const rows = upTo === undefined ? unread : unread.limit(upTo);
  return first(await db.select({ n: count() }).from(rows.as('unread')).limit(1))?.n ?? 0;
}

/** A page of the person's notifications, newest first, with the total and the unread count. */
export async function listNotifications(actor: Actor, query: InboxQuery) {
  assertCan(actor, PERMISSION);
  const db = getDb();
  const mine = eq(notifications.userId, actor.userId);
  const items = await db
    .select({ id: notifications.id, type: notifications.type, title: notifications.title, href: notifications.href, entityType: notifications.entityType, entityId: notifications.entityId, createdAt: notifications.createdAt, readAt: notifications.readAt })
    .from(notifications)
    .where(mine)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(query.pageSize)
    .offset(offsetOf(query));
  const total = first(await db.select({ n: count() }).from(notifications).where(mine).limit(1))?.n ?? 0;
  const outcomes = await newsOutcomes(db, items);
  /** `since`: what became of the record the news asked about, when it no longer waits ("approved"); else null. */
  const withOutcomes = items.map((n) => ({ ...n, since: outcomes.get(n.id) ?? null }));
  return { items: withOutcomes, total, page: query.page, pageSize: query.pageSize, unread: await unreadCount(actor) };
}
export type InboxNotification = Awaited<ReturnType<typeof listNotifications>>['items'][number];
