/**
 * Delays before each retry, from Standard Webhooks 1.0's example schedule (spec/standard-webhooks.md, "Deliverability
 * and reliability"): the first attempt is immediate, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h,
 * about three days in all, each with up to 10% jitter. After the last retry fails the delivery is marked failed (an
 * admin may redeliver it).
 */
export const RETRY_DELAYS_SECONDS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 14 * 3600, 20 * 3600, 24 * 3600] as const;

export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

const LONGEST_DELAY_SECONDS = RETRY_DELAYS_SECONDS.at(-1)!;

/** Up to this share is added to each delay at random (the spec's jitter), so receivers back after an outage are not hit at once. */
export const JITTER = 0.1;

/**
 * When to try again after `attemptsMade` failed attempts, or null when none is left. A receiver's `retry-after`
 * (the spec says to take it into account) can push the retry later, up to the schedule's longest delay, never sooner.
 */
export function nextAttemptAfter(attemptsMade: number, now: Date, retryAfterSeconds: number | null = null, random = Math.random): Date | null {
  const scheduled = RETRY_DELAYS_SECONDS[attemptsMade - 1];
  if (scheduled === undefined) return null;
  const delay = Math.max(scheduled * (1 + JITTER * random()), Math.min(retryAfterSeconds ?? 0, LONGEST_DELAY_SECONDS));
  return new Date(now.getTime() + Math.round(delay * 1000));
}
