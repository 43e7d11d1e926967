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

let inFlight: Promise<Readiness> | undefined;

/**
 * Whether this replica can serve: the database and the blob store both answer. The reasons of a failure go to the
 * server's log, not to the unauthenticated caller (they name hosts, buckets and users). Callers arriving while a check
 * runs share it: anyone may call the probe, and each check opens a database connection and asks the bucket, so a
 * flood of probes must not become a flood of connections.
 */
export function checkReadiness(timeoutMs = CHECK_TIMEOUT_MS): Promise<Readiness> {
  inFlight ??= runChecks(timeoutMs).finally(() => (inFlight = undefined));
  return inFlight;
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
