import 'server-only';
import { and, eq } from 'drizzle-orm';
import { changedRows, first, getDb, withTransaction } from '@/db';
import { users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import { systemActor, type AuditActor } from './actor';
import { hashForMissingAccount, verifyPassword } from './password';
import type { RequestMeta } from './request-meta';
import { isFamiliarAddress, signInEmail, signInThrottleKeys } from './sign-in-guard';
import { clearFailures, forgiveFailure, lockedForMs, recordFailure } from './sign-in-throttle';
import { openSession } from './user-sessions';

export const SIGN_IN_FAILED = 'Invalid email or password.';

const waitText = (ms: number) => (ms < 90_000 ? `${Math.ceil(ms / 1000)} seconds` : `${Math.ceil(ms / 60_000)} minutes`);

export class SignInThrottled extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`Too many failed sign-ins. Try again in ${waitText(retryAfterMs)}.`);
  }
}

/**
 * Checks a password sign-in and opens its server-side session. The message never says whether the account exists.
 * Each attempt counts as a failure before the password is checked (so a burst of parallel guesses cannot slip past
 * the throttle) and is forgiven when it succeeds; failures are audited.
 */
export async function signInWithPassword(input: { email: string; password: string }, meta: RequestMeta) {
  const email = signInEmail(input.email);
  const db = getDb();
  const user = first(await db.select().from(users).where(eq(users.email, email)).limit(1));
  const keys = signInThrottleKeys(email, meta.ip);
  const enforced = keys.enforced(!!user && await isFamiliarAddress(user.id, meta.ip));
  const counted = await withTransaction(async (tx) => {
    const locked = await lockedForMs(enforced);
    if (locked > 0) throw new SignInThrottled(locked);
    return await recordFailure(tx, keys.all);
  });

  const valid = await verifyPassword(input.password, user?.passwordHash ?? (await hashForMissingAccount()));
  const sessionId = await withTransaction(async (tx) => {
    // The session opens only if the password checked is still the account's and it is still enabled: a password
    // change, reset or disable committed while the hash was being checked has ended every session, and must not
    // miss this one. The write takes the user row's lock, which those take before they end sessions.
    const still = valid && !!user && changedRows(await tx
      .update(users)
      .set({ lastSignInAt: new Date().toISOString() })
      .where(and(eq(users.id, user.id), eq(users.passwordHash, user.passwordHash), eq(users.disabled, false)))) === 1;
    const opened = still ? await openSession(tx, user.id) : null;
    if (opened) {
      await forgiveFailure(tx, counted);
      await clearFailures(tx, keys.pair.key);
    }
    const actor: AuditActor = opened ? { type: 'user', userId: user!.id, email: user!.email, name: user!.name, roles: [], ...meta } : { ...systemActor(email || '(no email)'), ...meta };
    await recordAudit(tx, actor, {
      action: opened ? 'auth.signed_in' : 'auth.sign_in_failed',
      entityType: 'user',
      entityId: user?.id ?? null,
      ...(opened ? { after: { sessionId: opened } } : {}),
    });
    return opened;
  });
  return user && sessionId ? { id: user.id, email: user.email, name: user.name, sessionId } : null;
}
