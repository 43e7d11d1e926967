import 'server-only';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { currentSqlite, postgresPool } from '@/db';
import { openFrame } from '@/db/frame';
import { DIALECT } from '@/db/dialect';
import { namedStatementsAllowed } from '@/db/postgres';
import { rawArrays } from '@/db/raw';
import { takingTurns, workerExecArgv } from '@/lib/worker-threads';
import { readAcknowledgements } from './acknowledgements';
import { CHAIN_CHUNK_ROWS, CHAIN_COLUMNS, linkBreak, unacknowledged, walkChunks, type AcknowledgedBreak, type Acknowledgements, type ChainBreak, type ChainRow, type WalkState } from './chain-walk';
import { GENESIS_HASH } from './hash';
import type { RangeJob, RangeResult, RangeSource } from './verify-range.worker';

export type { AcknowledgedBreak, ChainBreak } from './chain-walk';

export type ChainVerification = {
  /** True when every break found is acknowledged (then `acknowledgedBreaks` lists them). */
  ok: boolean;
  count: number;
  head: { seq: number; hash: string } | null;
  firstBrokenSeq: number | null;
  reason: string | null;
  /** The first unacknowledged break, with the digests an acknowledgement must name. */
  firstBreak: ChainBreak | null;
  acknowledgedBreaks: AcknowledgedBreak[];
  verifiedAt: string;
};

/** How a long chain is split between worker threads: at most `workers` ranges of at least `minEventsPerWorker`. */
export type ChainSplit = { workers: number; minEventsPerWorker: number };
export const DEFAULT_SPLIT: ChainSplit = { workers: Math.min(availableParallelism(), 4), minEventsPerWorker: 50_000 };

/** One split verification at a time: it keeps every CPU busy, and each holds a connection per range beside the pool. */
const inTurn = takingTurns(1);

/**
 * Re-computes every hash in sequence order; the first row that does not follow from its predecessor is a break
 * (see walkChain for acknowledged breaks). Reads the current database, or the SQLite connection given (a read-only
 * copy). Outside a transaction a long chain is split into ranges verified side by side in worker threads, each on
 * its own connection, and joined where they meet: the rows up to the head seen at the start never change (the
 * append-only triggers), so the ranges read the same chain as one walk would. Inside a transaction it walks the
 * chain itself: a write transaction's rows are not seen by other connections yet, and a read transaction's
 * connection would sit idle meanwhile (PostgreSQL ends one idle for a minute).
 */
export async function verifyAuditChain(sqlite?: Database.Database): Promise<ChainVerification> {
  return (await verifyAuditChainSplit(DEFAULT_SPLIT, sqlite)).result;
}

/** verifyAuditChain with the split given, and how many ranges it verified side by side (1: walked in process). */
export async function verifyAuditChainSplit(split: ChainSplit, sqlite?: Database.Database): Promise<{ result: ChainVerification; ranges: number }> {
  const acknowledgements = await readAcknowledgements(sqlite);
  const source = openFrame() ? null : rangeSource(sqlite);
  if (source && split.workers > 1) {
    const [span] = await rawArrays<[number | null, number | null]>(sql`SELECT min(seq), max(seq) FROM audit_events`, sqlite);
    const [low, high] = span ?? [null, null];
    // SQLite reads a sequence number past 2^53 (a forged row) inexactly: ranges bounded by it would leave rows out.
    if (Number.isSafeInteger(low) && Number.isSafeInteger(high)) {
      const ranges = Math.min(split.workers, Math.floor((high! - low! + 1) / split.minEventsPerWorker));
      if (ranges > 1) return { result: await inTurn(() => verifyInRanges(source, low!, high!, ranges, acknowledgements)), ranges };
    }
  }
  return { result: await walkInProcess(sqlite, acknowledgements), ranges: 1 };
}

/** Where a worker reads the chain from: the same SQLite file (opened read-only) or PostgreSQL database. */
function rangeSource(sqlite: Database.Database | undefined): RangeSource | null {
  if (sqlite) return sqlite.memory ? null : { sqliteFile: sqlite.name };
  if (DIALECT === 'postgresql') {
    const { connectionString, application_name, connectionTimeoutMillis, statement_timeout } = postgresPool().options;
    // The server ends a slow statement; a connection gone silent is ended here, a little later.
    const query_timeout = typeof statement_timeout === 'number' ? statement_timeout + 5_000 : undefined;
    return { postgres: { connectionString, application_name, connectionTimeoutMillis, statement_timeout, query_timeout, keepAlive: true }, namedStatements: namedStatementsAllowed() };
  }
  const main = currentSqlite();
  return main.memory ? null : { sqliteFile: main.name };
}

/** The walk's state before the first event: it must follow the genesis hash, as sequence 1. */
const genesis = (): WalkState => ({ prevHash: GENESIS_HASH, expectedSeq: 1, count: 0, acknowledgedBreaks: [] });

const verification = (state: WalkState, firstBreak: ChainBreak | null): ChainVerification => ({
  ok: firstBreak === null,
  count: state.count,
  head: state.count > 0 ? { seq: state.expectedSeq - 1, hash: state.prevHash } : null,
  firstBrokenSeq: firstBreak?.seq ?? null,
  reason: firstBreak?.reason ?? null,
  firstBreak,
  acknowledgedBreaks: state.acknowledgedBreaks,
  verifiedAt: new Date().toISOString(),
});

async function walkInProcess(sqlite: Database.Database | undefined, acknowledgements: Acknowledgements): Promise<ChainVerification> {
  // From the lowest row there is: one forged at sequence 0 or below is a break, not a row nobody reads.
  const chunk = (afterSeq: number | null) =>
    rawArrays<ChainRow>(
      sql`SELECT ${sql.raw(CHAIN_COLUMNS)} FROM audit_events ${afterSeq === null ? sql`` : sql`WHERE seq > ${afterSeq}`} ORDER BY seq LIMIT ${CHAIN_CHUNK_ROWS}`,
      sqlite,
    );
  const { state, firstBreak } = await walkChunks(chunk, genesis, acknowledgements);
  return verification(state ?? genesis(), firstBreak);
}

/**
 * Splits [low, high] into `workers` ranges verified at once. The first starts from the genesis hash; each later one
 * takes its first row's link as given, and that link is checked here against where the range before it ended, as the
 * one walk would have checked it.
 */
async function verifyInRanges(source: RangeSource, low: number, high: number, workers: number, acknowledgements: Acknowledgements): Promise<ChainVerification> {
  const size = Math.ceil((high - low + 1) / workers);
  const entries = [...acknowledgements];
  const jobs: RangeJob[] = Array.from({ length: workers }, (_, i) => ({
    source,
    fromSeq: low + i * size,
    toSeq: Math.min(high, low + (i + 1) * size - 1),
    start: i === 0 ? { prevHash: GENESIS_HASH, expectedSeq: 1 } : null,
    acknowledgements: entries,
  }));
  const started: Worker[] = [];
  // One range failing fails the verification: the others are stopped, their connections with them.
  const results = await Promise.all(jobs.map((job) => runRange(job, started))).finally(() => started.forEach((worker) => void worker.terminate()));
  const state = genesis();
  for (const [i, range] of results.entries()) {
    if (i > 0) {
      if (!range.first) continue; // no rows in this range
      const link = linkBreak(state, range.first.seq, range.first.prevHash, range.first.hash);
      const found = link && unacknowledged(state, acknowledgements, link, range.first.seq);
      if (found) return verification(state, found);
    }
    state.acknowledgedBreaks.push(...range.state.acknowledgedBreaks);
    state.count += range.state.count;
    if (range.first || i === 0) {
      state.prevHash = range.state.prevHash;
      state.expectedSeq = range.state.expectedSeq;
    }
    if (range.firstBreak) return verification(state, range.firstBreak);
  }
  return verification(state, null);
}

function runRange(job: RangeJob, started: Worker[]): Promise<RangeResult> {
  const worker = new Worker(new URL('./verify-range.worker.ts', import.meta.url), { workerData: job, execArgv: workerExecArgv() });
  started.push(worker);
  return new Promise((resolve, reject) => {
    worker.once('message', (answer: { ok: true; result: RangeResult } | { ok: false; message: string }) => {
      if (answer.ok) resolve(answer.result);
      else reject(new Error(`Verifying the audit chain from ${job.fromSeq} to ${job.toSeq}: ${answer.message}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`An audit-chain verifier stopped (exit ${code}) without an answer.`)));
  });
}
