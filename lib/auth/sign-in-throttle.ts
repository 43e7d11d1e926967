import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db';
import { getDb } from '@/db';
import { signInThrottle } from '@/db/schema';

const WINDOW_MS = 15 * 60 * 1000;
const LOCK_MS = 15 * 60 * 1000;
const LIMITS = { email: 5, ip: 50 } as const;

type Key = { key: string; limit: number };

export function throttleKeys(email: string, ip: string | null): Key[] {
  const keys: Key[] = [{ key: `email:${email}`, limit: LIMITS.email }];
  if (ip) keys.push({ key: `ip:${ip}`, limit: LIMITS.ip });
  return keys;
}

/** Milliseconds until sign-in may be tried again for any of the keys, or 0. */
export function lockedForMs(keys: Key[], now = Date.now()): number {
  const rows = getDb()
    .select()
    .from(signInThrottle)
    .where(inArray(signInThrottle.key, keys.map((k) => k.key)))
    .all();
  return Math.max(0, ...rows.map((r) => (r.lockedUntil ?? 0) - now));
}

export function recordFailure(tx: Tx, keys: Key[], now = Date.now()) {
  for (const { key, limit } of keys) {
    const row = tx.select().from(signInThrottle).where(eq(signInThrottle.key, key)).get();
    const fresh = !row || now - row.windowStartedAt > WINDOW_MS;
    const failures = fresh ? 1 : row.failures + 1;
    const lockedUntil = failures >= limit ? now + LOCK_MS : null;
    tx.insert(signInThrottle)
      .values({ key, failures, windowStartedAt: fresh ? now : row.windowStartedAt, lockedUntil })
      .onConflictDoUpdate({ target: signInThrottle.key, set: { failures, windowStartedAt: fresh ? now : row.windowStartedAt, lockedUntil } })
      .run();
  }
}

export function clearFailures(tx: Tx, key: string) {
  tx.delete(signInThrottle).where(eq(signInThrottle.key, key)).run();
}
