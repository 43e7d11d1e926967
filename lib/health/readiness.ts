import 'server-only';
import { sql } from 'drizzle-orm';
import { databaseReady } from '@/db';
import { DIALECT } from '@/db/dialect';
import { probePostgres } from '@/db/postgres';
import { rawRows } from '@/db/raw';
import { messagesOf } from '@/lib/errors';
import { getBlobStore } from '@/lib/storage/blob-store/blob-store';

/** A probe that has not answered by then counts as failed: a load balancer must hear back before its own timeout. */
export const CHECK_TIMEOUT_MS = 3_000;

export type CheckName = 'database' | 'store';
export type Readiness = { ready: boolean; checks: Record<CheckName, 'ok' | 'failed'> };

async function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

const CHECKS: Record<CheckName, (timeoutMs: number) => Promise<unknown>> = {
  // Migrated and checked at start-up (append-only triggers included), then a round trip: on PostgreSQL on a connection
  // of its own, so that writers queued on the pool do not make a busy replica look down.
  database: async (timeoutMs) => {
    await databaseReady();
    if (DIALECT === 'postgresql') await probePostgres(process.env.DATABASE_URL!, timeoutMs);
    else await rawRows(sql`SELECT 1 AS ok`);
  },
  // Uploads can be staged under DATA_DIR, and the object store (when BLOB_STORE names one) answers these credentials.
  store: (timeoutMs) => getBlobStore().probe(timeoutMs),
};

/** How long an answer is given again: a load balancer asks every few seconds, so a second-old answer is fresh. */
export const ANSWER_REUSED_MS = 1_000;

let latest: { readiness: Promise<Readiness>; settledAt?: number } | undefined;

/**
 * Whether this replica can serve: the database and the blob store both answer. The reasons of a failure go to the
 * server's log, not to the unauthenticated caller (they name hosts, buckets and users). Anyone may call the probe,
 * and each check opens a database connection and asks the bucket, so callers share the check that runs and, for
 * ANSWER_REUSED_MS after it ends, its answer: a flood of probes costs at most one check a second.
 */
export function checkReadiness(timeoutMs = CHECK_TIMEOUT_MS): Promise<Readiness> {
  // A monotonic clock: a wall clock stepped back would keep an old answer, perhaps a failure, for as long.
  const reusable = latest && (latest.settledAt === undefined || performance.now() - latest.settledAt < ANSWER_REUSED_MS);
  if (!reusable) {
    const entry: NonNullable<typeof latest> = { readiness: runChecks(timeoutMs) };
    // runChecks settles every check and never rejects.
    void entry.readiness.then(() => (entry.settledAt = performance.now()));
    latest = entry;
  }
  return latest!.readiness;
}

/** For tests that change the database or the store between checks. */
export function forgetReadiness() {
  latest = undefined;
}

async function runChecks(timeoutMs: number): Promise<Readiness> {
  const names = Object.keys(CHECKS) as CheckName[];
  const outcomes = await Promise.allSettled(names.map((name) => within(Promise.resolve().then(() => CHECKS[name](timeoutMs)), timeoutMs)));
  const checks = {} as Readiness['checks'];
  outcomes.forEach((outcome, i) => {
    checks[names[i]!] = outcome.status === 'fulfilled' ? 'ok' : 'failed';
    if (outcome.status === 'rejected') console.error(`Readiness: the ${names[i]} check failed: ${messagesOf(outcome.reason)}`);
  });
  return { ready: Object.values(checks).every((state) => state === 'ok'), checks };
}
