import 'server-only';
import { plural } from '@/lib/words';
import { eq } from 'drizzle-orm';
import { first, getDb, withTransaction, type Tx } from '@/db';
import { users } from '@/db/schema';
import { recordAudit, type AuditEntry } from '@/lib/audit/record-event';
import type { Actor } from './actor';
import { verifyPassword } from './password';
import { clearFailures, forgiveFailure, lockedForMs, recordFailure } from './sign-in-throttle';
import { isSessionLive } from './user-sessions';
import { wrongPasswordMessage } from './wrong-password';
import { assertStillHolds, type Required } from '@/lib/users/people-who-may';
import { Conflict, Forbidden, Invalid } from '@/lib/errors';

/** What a re-authentication guards: the words of its refusals, and the audit entry of a failure. */
export type ReauthPurpose = {
  /** "Signing": what the refusal says is locked after five wrong passwords in a row. */
  activity: string;
  /** "signed": what did not happen when the password was wrong. */
  outcome: string;
  /** The audit event a wrong password writes. */
  failure: AuditEntry;
  /** The form field that held the password, where the refusal is shown (`password` unless said). */
  field?: string;
};

/**
 * One budget of wrong passwords per person, whatever asks for the password again (a signature, a tier, a waiver, a
 * password change …): five in a row lock them all, so a stolen session gets five guesses, not five per dialog.
 */
const keysFor = (userId: string) => [{ key: `reauth:${userId}`, limit: 5 }];

/**
 * A password checked again: whose, the hash it matched and the session it came from, which the acting transaction
 * checks are still theirs and still open.
 */
export type Reauthenticated = { userId: string; verifiedHash: string; sessionId: string | null };

/**
 * The password again, in the dialog that acts (invariant 5): a wrong one is refused and audited; five in a row lock.
 * As at sign-in, each attempt counts as a failure before the password is checked, in the transaction that checks the
 * lock, so a burst of parallel guesses cannot have more than five passwords checked; a right one is forgiven.
 * The acting transaction then calls `settleReauthentication` with what this answers.
 */
export async function reauthenticate(actor: Actor, password: string, purpose: ReauthPurpose): Promise<Reauthenticated> {
  const keys = keysFor(actor.userId);
  const counted = await withTransaction(async (tx) => {
    const locked = await lockedForMs(keys);
    if (locked > 0) throw new Forbidden(`${purpose.activity} is locked after repeated wrong passwords (every act that asks for your password again is). Try again in ${plural(Math.ceil(locked / 60000), 'minute')}.`);
    return await recordFailure(tx, keys);
  });
  const user = first(await getDb().select({ hash: users.passwordHash }).from(users).where(eq(users.id, actor.userId)).limit(1));
  if (user && (await verifyPassword(password, user.hash))) {
    await withTransaction(async (tx) => forgiveFailure(tx, counted));
    return { userId: actor.userId, verifiedHash: user.hash, sessionId: actor.sessionId ?? null };
  }
  await withTransaction(async (tx) => recordAudit(tx, actor, purpose.failure));
  throw new Invalid(wrongPasswordMessage(purpose.outcome), [{ path: purpose.field ?? 'password', message: 'Wrong password.' }]);
}

/**
 * Inside the acting transaction, before it writes: the password checked is still the person's, the account still
 * enabled, the session it came from still open, and (`holds`) the role or permission the act needs still theirs. A
 * password change, reset, disable, sign-out or role removal committed while the password was being checked (it takes
 * seconds) must not let what they were doing land. Writes are serial on both databases (SQLite's one writer,
 * PostgreSQL's write lock), so these reads see any such change committed before. A success resets the count of wrong
 * passwords.
 */
export async function settleReauthentication(tx: Tx, purpose: Pick<ReauthPurpose, 'outcome'>, proof: Reauthenticated, holds?: Required) {
  const now = first(await tx.select({ hash: users.passwordHash, disabled: users.disabled }).from(users).where(eq(users.id, proof.userId)).limit(1));
  if (!now || now.disabled) throw new Forbidden(`Your account was disabled while your password was being checked: nothing was ${purpose.outcome}.`);
  if (now.hash !== proof.verifiedHash) throw new Conflict(`Your password was changed while it was being checked: nothing was ${purpose.outcome}. Sign in again with the password now in force.`);
  if (proof.sessionId !== null && !(await isSessionLive(proof.sessionId, proof.userId, Date.now(), tx))) {
    throw new Forbidden(`Your session ended while your password was being checked (signed out, or ended by an administrator): nothing was ${purpose.outcome}. Sign in again.`);
  }
  if (holds) await assertStillHolds(tx, proof.userId, holds);
  await clearFailures(tx, keysFor(proof.userId)[0]!.key);
}
