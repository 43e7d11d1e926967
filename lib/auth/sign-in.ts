import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import { systemActor, type AuditActor } from './actor';
import { hashForMissingAccount, verifyPassword } from './password';
import type { RequestMeta } from './request-meta';
import { clearFailures, lockedForMs, recordFailure, throttleKeys } from './sign-in-throttle';

export const SIGN_IN_FAILED = 'Invalid email or password.';
export class SignInThrottled extends Error {
  constructor(ms: number) {
    super(`Too many failed sign-ins. Try again in ${Math.ceil(ms / 60000)} minute(s).`);
  }
}

/** Checks a password sign-in. The message never says whether the account exists; failures are throttled and audited. */
export async function signInWithPassword(input: { email: string; password: string }, meta: RequestMeta) {
  const email = input.email.trim().toLowerCase();
  const keys = throttleKeys(email, meta.ip);
  const locked = lockedForMs(keys);
  if (locked > 0) throw new SignInThrottled(locked);

  const db = getDb();
  const user = db.select().from(users).where(eq(users.email, email)).get();
  const valid = await verifyPassword(input.password, user?.passwordHash ?? (await hashForMissingAccount()));
  const ok = valid && !!user && !user.disabled;
  const actor: AuditActor = ok
    ? { type: 'user', userId: user.id, email: user.email, name: user.name, roles: [], ...meta }
    : { ...systemActor(email || '(no email)'), ...meta };
  db.transaction(
    (tx) => {
      if (ok) {
        clearFailures(tx, `email:${email}`);
        tx.update(users).set({ lastSignInAt: new Date().toISOString() }).where(eq(users.id, user.id)).run();
      } else {
        recordFailure(tx, keys);
      }
      recordAudit(tx, actor, {
        action: ok ? 'auth.signed_in' : 'auth.sign_in_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
      });
    },
    { behavior: 'immediate' },
  );
  return ok ? { id: user.id, email: user.email, name: user.name } : null;
}
