import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db';
import { getDb } from '@/db';
import { signInThrottle } from '@/db/schema';

const WINDOW_MS = 15 * 60 * 1000;
const LOCK_MS = 15 * 60 * 1000;

/**
 * A failure counter. From `limit` failures within the window it refuses: for LOCK_MS, or, with `backoff`, for a
 * delay that doubles with each further failure from `baseMs` up to `capMs`. A backoff counter forgets only after a
 * quiet window past its last delay, so a slow steady attack keeps paying the cap.
 */
export type ThrottleKey = { key: string; limit: number; backoff?: { baseMs: number; capMs: number } };

type Row = typeof signInThrottle.$inferSelect;

/** Milliseconds until the first of the keys lets an attempt through, or 0. */
export function lockedForMs(keys: ThrottleKey[], now = Date.now()): number {
  if (keys.length === 0) return 0;
  const rows = getDb()
    .select()
    .from(signInThrottle)
    .where(inArray(signInThrottle.key, keys.map((k) => k.key)))
    .all();
  return Math.max(0, ...rows.map((r) => (r.lockedUntil ?? 0) - now));
}

function isStale(row: Row, key: ThrottleKey, now: number) {
  const since = key.backoff ? Math.max(row.windowStartedAt, row.lockedUntil ?? 0) : row.windowStartedAt;
  return now - since > WINDOW_MS;
}

function lockFor(key: ThrottleKey, failures: number, now: number): number | null {
  if (failures < key.limit) return null;
  if (!key.backoff) return now + LOCK_MS;
  return now + Math.min(key.backoff.capMs, key.backoff.baseMs * 2 ** (failures - key.limit));
}

function write(tx: Tx, key: string, values: Omit<Row, 'key'>) {
  tx.insert(signInThrottle).values({ key, ...values }).onConflictDoUpdate({ target: signInThrottle.key, set: values }).run();
}

/** What one counted failure changed, so that forgiveFailure can take it back. */
export type CountedFailure = { key: string; lockedBefore: number | null; lockedAfter: number | null };

export function recordFailure(tx: Tx, keys: ThrottleKey[], now = Date.now()): CountedFailure[] {
  return keys.map((key) => {
    const row = tx.select().from(signInThrottle).where(eq(signInThrottle.key, key.key)).get();
    const fresh = !row || isStale(row, key, now);
    const failures = fresh ? 1 : row.failures + 1;
    const lockedBefore = row?.lockedUntil ?? null;
    const lockedAfter = Math.max(lockFor(key, failures, now) ?? 0, lockedBefore ?? 0) || null;
    write(tx, key.key, { failures, windowStartedAt: fresh ? now : row.windowStartedAt, lockedUntil: lockedAfter });
    return { key: key.key, lockedBefore, lockedAfter };
  });
}

/**
 * Takes back failures counted in advance for an attempt that then succeeded: one failure less, and the lock as it
 * was before, unless another failure has moved it since.
 */
export function forgiveFailure(tx: Tx, counted: CountedFailure[]) {
  for (const { key, lockedBefore, lockedAfter } of counted) {
    const row = tx.select().from(signInThrottle).where(eq(signInThrottle.key, key)).get();
    if (!row) continue;
    const lockedUntil = row.lockedUntil === lockedAfter ? lockedBefore : row.lockedUntil;
    write(tx, key, { failures: Math.max(0, row.failures - 1), windowStartedAt: row.windowStartedAt, lockedUntil });
  }
}

export function clearFailures(tx: Tx, key: string) {
  tx.delete(signInThrottle).where(eq(signInThrottle.key, key)).run();
}
