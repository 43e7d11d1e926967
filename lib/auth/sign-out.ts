import 'server-only';
import { eq } from 'drizzle-orm';
import { first, withTransaction } from '@/db';
import { users, userSessions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { RequestMeta } from './request-meta';
import { endSessions } from './user-sessions';

/**
 * Ends the session a cookie names, so a copy of that cookie stops working too; audited as the session's user.
 * Answers false (and writes nothing) for a session that is unknown or already ended.
 */
export async function signOut(sessionId: unknown, meta: RequestMeta): Promise<boolean> {
  if (typeof sessionId !== 'string') return false;
  return await withTransaction(async (tx) => {
    const session = first(await tx.select().from(userSessions).where(eq(userSessions.id, sessionId)).limit(1));
    if (!session || await endSessions(tx, { sessionId }, 'signed_out') !== 1) return false;
    const user = first(await tx.select().from(users).where(eq(users.id, session.userId)).limit(1))!;
    await recordAudit(tx, { type: 'user', userId: user.id, email: user.email, name: user.name, roles: [], ...meta }, {
      action: 'auth.signed_out',
      entityType: 'user',
      entityId: user.id,
      after: { sessionId },
    });
    return true;
  });
}
