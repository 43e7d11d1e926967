import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { users, userSessions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { RequestMeta } from './request-meta';
import { endSessions } from './user-sessions';

/**
 * Ends the session a cookie names, so a copy of that cookie stops working too; audited as the session's user.
 * Answers false (and writes nothing) for a session that is unknown or already ended.
 */
export function signOut(sessionId: unknown, meta: RequestMeta): boolean {
  if (typeof sessionId !== 'string') return false;
  return getDb().transaction(
    (tx) => {
      const session = tx.select().from(userSessions).where(eq(userSessions.id, sessionId)).get();
      if (!session || endSessions(tx, { sessionId }, 'signed_out') !== 1) return false;
      const user = tx.select().from(users).where(eq(users.id, session.userId)).get()!;
      recordAudit(tx, { type: 'user', userId: user.id, email: user.email, name: user.name, roles: [], ...meta }, {
        action: 'auth.signed_out',
        entityType: 'user',
        entityId: user.id,
        after: { sessionId },
      });
      return true;
    },
    { behavior: 'immediate' },
  );
}
