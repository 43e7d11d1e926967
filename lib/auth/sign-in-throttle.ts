import 'server-only';
import { createHash } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { first, getDb, type Tx } from '@/db';
import { signInThrottle } from '@/db/schema';
import { mapInOrder } from '@/lib/map-in-order';

const WINDOW_MS = 15 * 60 * 1000;
const LOCK_MS = 15 * 60 * 1000;

/**
 * A failure counter. From `limit` failures within the window it refuses: for LOCK_MS, or, with `backoff`, for a
 * delay that doubles with each further failure from `baseMs` up to `capMs`. A backoff counter forgets only after a
 * quiet window past its last delay, so a slow steady attack keeps paying the cap.
 */
export type ThrottleKey = { key: string; limit: number; backoff?: { baseMs: number; capMs: number } };

type Row = typeof signInThrottle.$inferSelect;

/**
 * The key as stored: a long one (an email of any length is part of some) by its SHA-256, since PostgreSQL's index
 * holds at most ~2,700 bytes a row. Applying it twice gives the same key.
 */
const MAX_STORED_KEY_LENGTH = 200;
const storedKey = (key: string) => (key.length <= MAX_STORED_KEY_LENGTH ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`);

/** Milliseconds until the first of the keys lets an attempt through, or 0. */
export async function lockedForMs(keys: ThrottleKey[], now = Date.now()): Promise<number> {
  if (keys.length === 0) return 0;
  const rows = await getDb()
    .select()
    .from(signInThrottle)
    .where(inArray(signInThrottle.key, keys.map((k) => storedKey(k.key))));
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

async function write(tx: Tx, key: string, values: Omit<Row, 'key'>) {
  await tx.insert(signInThrottle).values({ key, ...values }).onConflictDoUpdate({ target: signInThrottle.key, set: values });
}

/** What one counted failure changed, so that forgiveFailure can take it back. */
export type CountedFailure = { key: string; lockedBefore: number | null; lockedAfter: number | null };

export async function recordFailure(tx: Tx, keys: ThrottleKey[], now = Date.now()): Promise<CountedFailure[]> {
  return await mapInOrder(keys, async (key) => {
    const stored = storedKey(key.key);
    const row = first(await tx.select().from(signInThrottle).where(eq(signInThrottle.key, stored)).limit(1));
    const fresh = !row || isStale(row, key, now);
    const failures = fresh ? 1 : row.failures + 1;
    const lockedBefore = row?.lockedUntil ?? null;
    const lockedAfter = Math.max(lockFor(key, failures, now) ?? 0, lockedBefore ?? 0) || null;
    await write(tx, stored, { failures, windowStartedAt: fresh ? now : row.windowStartedAt, lockedUntil: lockedAfter });
    return { key: stored, lockedBefore, lockedAfter };
  });
}

/**
 * Takes back failures counted in advance for an attempt that then succeeded: one failure less, and the lock as it
 * was before, unless another failure has moved it since.
 */
export async function forgiveFailure(tx: Tx, counted: CountedFailure[]) {
  for (const { key, lockedBefore, lockedAfter } of counted) {
    const row = first(await tx.select().from(signInThrottle).where(eq(signInThrottle.key, key)).limit(1));
    if (!row) continue;
    const lockedUntil = row.lockedUntil === lockedAfter ? lockedBefore : row.lockedUntil;
    await write(tx, key, { failures: Math.max(0, row.failures - 1), windowStartedAt: row.windowStartedAt, lockedUntil });
  }
}

export async function clearFailures(tx: Tx, key: string) {
  await tx.delete(signInThrottle).where(eq(signInThrottle.key, storedKey(key)));
}
