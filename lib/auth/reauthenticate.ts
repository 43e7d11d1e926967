import 'server-only';
import { plural } from '@/lib/words';
import { eq } from 'drizzle-orm';
import { first, getDb, withTransaction, type Tx } from '@/db';
import { users } from '@/db/schema';
import { recordAudit, type AuditEntry } from '@/lib/audit/record-event';
import type { Actor } from './actor';
import { verifyPassword } from './password';
import { clearFailures, forgiveFailure, lockedForMs, recordFailure } from './sign-in-throttle';
import { Forbidden, Invalid } from '@/lib/errors';

/** What a re-authentication guards: its own throttle, the words of its refusals, and the audit entry of a failure. */
export type ReauthPurpose = {
  /** Throttle key prefix, per person: `sign`, `audit-acknowledge`. */
  key: string;
  /** "Signing": what is locked after five wrong passwords in a row. */
  activity: string;
  /** "signed": what did not happen when the password was wrong. */
  outcome: string;
  /** The audit event a wrong password writes. */
  failure: AuditEntry;
  /** The form field that held the password, where the refusal is shown (`password` unless said). */
  field?: string;
};

const keysFor = (purpose: ReauthPurpose, userId: string) => [{ key: `${purpose.key}:${userId}`, limit: 5 }];

/**
 * The password again, in the dialog that acts (invariant 5): a wrong one is refused and audited; five in a row lock.
 * As at sign-in, each attempt counts as a failure before the password is checked, in the transaction that checks the
 * lock, so a burst of parallel guesses cannot have more than five passwords checked; a right one is forgiven.
 * Answers the hash the password matched, for a writer that must know the password did not change meanwhile.
 */
export async function reauthenticate(actor: Actor, password: string, purpose: ReauthPurpose) {
  const keys = keysFor(purpose, actor.userId);
  const counted = await withTransaction(async (tx) => {
    const locked = await lockedForMs(keys);
    if (locked > 0) throw new Forbidden(`${purpose.activity} is locked after repeated wrong passwords. Try again in ${plural(Math.ceil(locked / 60000), 'minute')}.`);
    return await recordFailure(tx, keys);
  });
  const user = first(await getDb().select({ hash: users.passwordHash }).from(users).where(eq(users.id, actor.userId)).limit(1));
  if (user && (await verifyPassword(password, user.hash))) {
    await withTransaction(async (tx) => forgiveFailure(tx, counted));
    return { verifiedHash: user.hash };
  }
  await withTransaction(async (tx) => recordAudit(tx, actor, purpose.failure));
  throw new Invalid(`The password is not correct; nothing was ${purpose.outcome}.`, [{ path: purpose.field ?? 'password', message: 'Wrong password.' }]);
}

/** A success inside the acting transaction resets the count of wrong passwords. */
export async function clearReauthFailures(tx: Tx, purpose: Pick<ReauthPurpose, 'key'>, userId: string) {
  await clearFailures(tx, keysFor(purpose as ReauthPurpose, userId)[0]!.key);
}
