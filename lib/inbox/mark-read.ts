import 'server-only';
import { and, count, eq, inArray, isNull, lte } from 'drizzle-orm';
import { changedRows, first, withTransaction } from '@/db';
import { notifications } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { NotFound } from '@/lib/errors';
import type { MarkReadInput } from './schemas';

/**
 * Marks the person's own notifications read. Deliberately NOT audited: read state is one person's bookkeeping, not
 * part of the governed record (nothing is decided, signed or changed for anyone else), like a mail client's flag.
 * An id that is not theirs (or does not exist) is a 404 for the whole call, and nothing changes. Answers how many
 * changed and how many stay unread. Who may: the person in a session, or an API token of theirs holding `read` (the
 * scope that shows the inbox at all); a token with only write scopes is refused, so it cannot clear what was unread.
 */
export async function markNotificationsRead(actor: Actor, input: MarkReadInput, now = new Date()) {
  assertCan(actor, 'inventory.read');
  const at = now.toISOString();
  const mine = eq(notifications.userId, actor.userId);
  const unread = and(mine, isNull(notifications.readAt));
  return await withTransaction(async (tx) => {
    let marked: number;
    if (input.all) {
      marked = changedRows(await tx.update(notifications).set({ readAt: at }).where(and(unread, input.through ? lte(notifications.createdAt, input.through) : undefined)));
    } else {
      const ids = [...new Set(input.ids ?? [])];
      const found = await tx.select({ id: notifications.id }).from(notifications).where(and(mine, inArray(notifications.id, ids)));
      if (found.length !== ids.length) throw new NotFound('Notification');
      marked = changedRows(await tx.update(notifications).set({ readAt: at }).where(and(unread, inArray(notifications.id, ids))));
    }
    return { marked, unread: first(await tx.select({ n: count() }).from(notifications).where(unread).limit(1))?.n ?? 0 };
  });
}
