import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { changedRows, first, withTransaction } from '@/db';
import { users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor, SystemActor } from '@/lib/auth/actor';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { assertCan } from '@/lib/auth/permissions';
import { reauthenticate, settleReauthentication, type ReauthPurpose } from '@/lib/auth/reauthenticate';
import { endSessions } from '@/lib/auth/user-sessions';
import { Conflict, Forbidden, Invalid, NotFound } from '@/lib/errors';
import { suspendForReconfirmation, suspendOnReplacingOldPassword } from './role-grants';
import type { ZChangeOwnPasswordInput, ZResetPasswordInput } from './schemas';

const changeReauth = (userId: string): ReauthPurpose => ({
  activity: 'Changing your password',
  outcome: 'changed',
  field: 'current',
  failure: { action: 'user.password_change_failed', entityType: 'user', entityId: userId, after: { reason: 'wrong password' } },
});

/**
 * A person replaces their own password (a temporary one an administrator set, or their own), in the browser only.
 * The current password is checked as a re-authentication (throttled, a wrong one audited), and the write is
 * conditional on the password still being the one checked, so of two changes at once only one lands. Every other
 * session of the person ends; the one that made the change stays signed in.
 */
export async function changeOwnPassword(actor: Actor, input: z.output<typeof ZChangeOwnPasswordInput>) {
  if (actor.type !== 'user' || !actor.sessionId) throw new Forbidden('A password is changed in the browser, signed in as its owner; an API token cannot.');
  if (input.password.normalize('NFKC').toLowerCase() === actor.email.toLowerCase()) {
    throw new Invalid('Choose a password that is not your email address.', [{ path: 'password', message: 'Not your email address.' }]);
  }
  const proof = await reauthenticate(actor, input.current, changeReauth(actor.userId));
  const { verifiedHash } = proof;
  if (await verifyPassword(input.password, verifiedHash)) {
    throw new Invalid('The new password is the one you have: choose another.', [{ path: 'password', message: 'Same as the current password.' }]);
  }
  const passwordHash = await hashPassword(input.password);
  return await withTransaction(async (tx) => {
    await settleReauthentication(tx, changeReauth(actor.userId), proof);
    const row = first(await tx.select({ setBy: users.passwordSetBy }).from(users).where(eq(users.id, actor.userId)).limit(1));
    if (!row) throw new NotFound('User');
    const now = new Date().toISOString();
    // Settled above, in this transaction; the write is conditional on the hash all the same, so that it can never
    // replace a password it did not check.
    const written = changedRows(await tx.update(users)
      .set({ passwordHash, passwordSetBy: 'self', passwordChangedAt: now, updatedAt: now })
      .where(and(eq(users.id, actor.userId), eq(users.passwordHash, verifiedHash))));
    if (written !== 1) throw new Conflict('Your password was changed while it was being checked: nothing was changed. Sign in again with the password now in force.');
    const otherSessionsEnded = await endSessions(tx, { userId: actor.userId, except: actor.sessionId }, 'password_changed');
    // An administrator's password from before this release: the roles it came with wait for a second person.
    if (row.setBy === 'admin') await suspendOnReplacingOldPassword(tx, actor);
    await recordAudit(tx, actor, {
      action: 'user.password_changed',
      entityType: 'user',
      entityId: actor.userId,
      before: { passwordSetBy: row.setBy },
      after: { passwordSetBy: 'self', otherSessionsEnded },
    });
    return { passwordChangedAt: now, otherSessionsEnded };
  });
}

/**
 * An administrator gives someone else a temporary password (a person who lost theirs): every session of that person
 * ends, and their next sign-in can do nothing but choose their own. Their risk officer, security reviewer and admin
 * roles are suspended until someone else holding each confirms it again (role-grants.ts), refused when no one else
 * can. API tokens keep working: each is revoked on its own. The audit event names who reset it, never the password.
 */
export async function resetPassword(actor: Actor | SystemActor, userId: string, input: z.output<typeof ZResetPasswordInput>) {
  if (actor.type !== 'system') assertCan(actor, 'user.manage');
  if (actor.type !== 'system' && userId === actor.userId) throw new Conflict('Change your own password on your account page, with the password you have.');
  const passwordHash = await hashPassword(input.password);
  return await withTransaction(async (tx) => {
    const row = first(await tx.select({ setBy: users.passwordSetBy, name: users.name }).from(users).where(eq(users.id, userId)).limit(1));
    if (!row) throw new NotFound('User');
    const now = new Date().toISOString();
    const passwordSetBy = actor.type === 'system' ? 'operator' : 'admin';
    await tx.update(users).set({ passwordHash, passwordSetBy, passwordChangedAt: now, updatedAt: now }).where(eq(users.id, userId));
    const sessionsEnded = await endSessions(tx, { userId }, 'password_reset');
    await recordAudit(tx, actor, {
      action: 'user.password_reset',
      entityType: 'user',
      entityId: userId,
      before: { passwordSetBy: row.setBy },
      after: { passwordSetBy, sessionsEnded },
    });
    // The administrator knows the new password: the person's signing and administering roles wait for a holder again.
    // Whoever runs the server (the command line) is trusted with the roles already.
    if (actor.type !== 'system') await suspendForReconfirmation(tx, actor, { id: userId, name: row.name });
    return { id: userId, passwordChangedAt: now };
  });
}
