import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { queuePending, type CommitCheck, type PendingChecks } from './commit-checks';
import type { Db, Tx } from './index';

/** The last event of the audit chain, as a write transaction that holds the writer's lock last appended it. */
export type AuditHead = { seq: number; hash: string };

/**
 * The transaction a piece of asynchronous work runs in; `open` turns false when it ends, for work it left behind.
 * `exec` runs a statement of its own (savepoints); `sqlite` is the raw connection on SQLite; `checks`, in write
 * transactions only, what to check before it commits; `holdingAppends`, how many `holdingAuditAppends` calls are open.
 */
export type Frame = { tx: Tx; exec: (statement: string) => unknown; sqlite?: Database.Database; pg?: pg.PoolClient; open: boolean; savepoints: number; auditHead?: AuditHead; checks?: PendingChecks<Tx>; holdingAppends?: number };

const globalForFrames = globalThis as unknown as { provenantTx?: AsyncLocalStorage<Frame> };
/** The transaction each piece of asynchronous work runs in (db/index.ts opens them). */
export const transactions = (globalForFrames.provenantTx ??= new AsyncLocalStorage<Frame>());

export function openFrame(): Frame | undefined {
  const frame = transactions.getStore();
  return frame?.open ? frame : undefined;
}

/**
 * The audit chain's head as `tx`'s own transaction last appended it, or undefined (not known, or `tx` is not the open
 * write transaction). No one else appends meanwhile: the transaction holds the writer's lock (SQLite's one writer, the
 * advisory lock on PostgreSQL), and a rolled-back savepoint puts back the head it began with.
 */
export function transactionAuditHead(tx: Tx | Db): AuditHead | undefined {
  const frame = openFrame();
  return frame && frame.tx === tx ? frame.auditHead : undefined;
}

/**
 * Runs `check` on `item` just before `tx`'s transaction commits, with every other item queued for it (one statement
 * for all), or at once when `tx` is not the open write transaction. A rolled-back savepoint drops its items.
 */
export async function checkBeforeCommit<T>(tx: Tx | Db, check: CommitCheck<T, Tx>, item: T): Promise<void> {
  const frame = openFrame();
  if (frame?.checks && frame.tx === tx) queuePending(frame.checks, check, item);
  else await check(tx, [item]);
}

/** What is queued for `check` in `tx`'s open write transaction, oldest first (empty outside one). */
export function queuedBeforeCommit<T>(tx: Tx | Db, check: CommitCheck<T, Tx>): readonly T[] {
  const frame = openFrame();
  return frame?.checks && frame.tx === tx ? ((frame.checks.get(check as CommitCheck<never, Tx>) ?? []) as T[]) : [];
}

/**
 * Runs `fn` with `tx`'s audit appends held until the transaction commits (lib/audit/record-event.ts,
 * `appendingTogether`); nested calls hold them until the outermost ends. Outside `tx`'s open write transaction it
 * only runs `fn`.
 */
export async function holdingAuditAppends<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  const frame = openFrame();
  if (!frame?.checks || frame.tx !== tx) return await fn();
  frame.holdingAppends = (frame.holdingAppends ?? 0) + 1;
  try {
    return await fn();
  } finally {
    frame.holdingAppends -= 1;
  }
}

/** Whether `tx`'s audit appends are held until it commits (`holdingAuditAppends`). */
export function auditAppendsHeld(tx: Tx | Db): boolean {
  const frame = openFrame();
  return !!frame && frame.tx === tx && (frame.holdingAppends ?? 0) > 0;
}

/** Remembers (or, with undefined, forgets) the head `tx`'s transaction has just appended. */
export function rememberAuditHead(tx: Tx | Db, head: AuditHead | undefined) {
  const frame = openFrame();
  if (frame && frame.tx === tx) frame.auditHead = head;
}

/**
 * Runs reads that do not depend on each other: side by side outside a transaction (on PostgreSQL each takes a
 * connection of the pool), one after another inside one, whose connection runs one statement at a time.
 */
export async function independentReads<T extends unknown[]>(...reads: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  if (!openFrame()) return (await Promise.all(reads.map((read) => read()))) as T;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as T;
}

/** What `sideBySide` gives for one read: its value, or null for a read left out. */
type Outcome<R> = R extends () => Promise<infer V> ? V : null;

/**
 * `independentReads` keyed by name, for a page's sections: a read given as `false` or `null` (a section the person
 * does not see) is left out and comes back null. The first failure fails the whole, as a sequence of awaits would.
 */
export async function sideBySide<T extends Record<string, (() => Promise<unknown>) | false | null>>(reads: T): Promise<{ [K in keyof T]: Outcome<T[K]> }> {
  const keys = Object.keys(reads);
  const values = await independentReads(
    ...keys.map((key) => async () => {
      const read = reads[key];
      return read ? await read() : null;
    }),
  );
  return Object.fromEntries(keys.map((key, i) => [key, values[i]])) as { [K in keyof T]: Outcome<T[K]> };
}
