import 'server-only';
import { eq } from 'drizzle-orm';
import { first, getDb, withTransaction, type Tx } from '@/db';
import { users } from '@/db/schema';
import { recordAudit, type AuditEntry } from '@/lib/audit/record-event';
import type { Actor } from './actor';
import { verifyPassword } from './password';
import { clearFailures, lockedForMs, recordFailure } from './sign-in-throttle';
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
};

const keysFor = (purpose: ReauthPurpose, userId: string) => [{ key: `${purpose.key}:${userId}`, limit: 5 }];

/** The password again, in the dialog that acts (invariant 5): a wrong one is refused and audited; five in a row lock. */
export async function reauthenticate(actor: Actor, password: string, purpose: ReauthPurpose) {
  const locked = await lockedForMs(keysFor(purpose, actor.userId));
  if (locked > 0) throw new Forbidden(`${purpose.activity} is locked after repeated wrong passwords. Try again in ${Math.ceil(locked / 60000)} minute(s).`);
  const user = first(await getDb().select({ hash: users.passwordHash }).from(users).where(eq(users.id, actor.userId)).limit(1));
  if (user && (await verifyPassword(password, user.hash))) return;
  await withTransaction(async (tx) => {
    await recordFailure(tx, keysFor(purpose, actor.userId));
    await recordAudit(tx, actor, purpose.failure);
  });
  throw new Invalid(`The password is not correct; nothing was ${purpose.outcome}.`, [{ path: 'password', message: 'Wrong password.' }]);
}

/** A success inside the acting transaction resets the count of wrong passwords. */
export async function clearReauthFailures(tx: Tx, purpose: Pick<ReauthPurpose, 'key'>, userId: string) {
  await clearFailures(tx, keysFor(purpose as ReauthPurpose, userId)[0]!.key);
}
