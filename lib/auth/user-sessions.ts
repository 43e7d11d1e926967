import 'server-only';
import { and, eq, isNull, ne } from 'drizzle-orm';
import { changedRows, first, getDb, only, type Db, type Tx } from '@/db';
import { userSessions } from '@/db/schema';

/** Hours a sign-in lasts, however active: the cookie's lifetime and the row's expiry. */
export const SESSION_MAX_AGE_S = 8 * 60 * 60;

export type SessionEndReason = 'signed_out' | 'user_disabled' | 'password_changed' | 'password_reset';

/** The row a new session cookie names (its `sid`); call it in the sign-in's transaction. */
export async function openSession(tx: Tx, userId: string, now = Date.now()): Promise<string> {
  const expiresAt = new Date(now + SESSION_MAX_AGE_S * 1000).toISOString();
  return only(await tx.insert(userSessions).values({ userId, createdAt: new Date(now).toISOString(), expiresAt }).returning({ id: userSessions.id })).id;
}

/** A session counts only while its row belongs to the user, has not ended and has not expired (read in `db`, a transaction's too). */
export async function isSessionLive(sessionId: unknown, userId: unknown, now = Date.now(), db: Db | Tx = getDb()): Promise<boolean> {
  if (typeof sessionId !== 'string' || typeof userId !== 'string') return false;
  const row = first(await db.select().from(userSessions).where(eq(userSessions.id, sessionId)).limit(1));
  return !!row && row.userId === userId && row.endedAt === null && Date.parse(row.expiresAt) > now;
}

/** Ends one session, or every open one of a user but `except`; answers how many ended (a session ends once). */
export async function endSessions(tx: Tx, target: { sessionId: string } | { userId: string; except?: string }, reason: SessionEndReason): Promise<number> {
  const which = 'sessionId' in target
    ? eq(userSessions.id, target.sessionId)
    : and(eq(userSessions.userId, target.userId), target.except ? ne(userSessions.id, target.except) : undefined);
  return changedRows(await tx
    .update(userSessions)
    .set({ endedAt: new Date().toISOString(), endedReason: reason })
    .where(and(which, isNull(userSessions.endedAt))));
}
