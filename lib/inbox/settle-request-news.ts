import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '@/db';
import { notifications } from '@/db/schema';

/**
 * "Awaits your signature" stops asking once it cannot be answered: for a signer once they have signed, for everyone
 * once the request is closed (approved, rejected, withdrawn or superseded). The news is marked read in the transaction
 * that made it stale; like marking read by hand (mark-read.ts) it is bookkeeping, not audited, and the item stays.
 */
export async function settleRequestNews(tx: Tx, requestId: string, who: { userId: string } | 'everyone', now = new Date()) {
  await tx
    .update(notifications)
    .set({ readAt: now.toISOString() })
    .where(and(eq(notifications.entityId, requestId), eq(notifications.type, 'promotion.requested'), isNull(notifications.readAt), who === 'everyone' ? undefined : eq(notifications.userId, who.userId)));
}
