import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '@/db';
import { notifications } from '@/db/schema';
import type { EventType } from '@/lib/notify/emit-event';

/**
 * News that asks for a decision stops asking once it cannot be answered: "awaits your signature" for a signer once
 * they have signed, and for everyone once the request is closed; "a policy change awaits approval" once it is decided
 * or withdrawn. The news is marked read in the transaction that made it stale; like marking read by hand
 * (mark-read.ts) it is bookkeeping, not audited, and the item stays.
 */
export async function settleNews(tx: Tx, type: EventType, entityId: string, who: { userId: string } | 'everyone', now = new Date()) {
  await tx
    .update(notifications)
    .set({ readAt: now.toISOString() })
    .where(and(eq(notifications.entityId, entityId), eq(notifications.type, type), isNull(notifications.readAt), who === 'everyone' ? undefined : eq(notifications.userId, who.userId)));
}
