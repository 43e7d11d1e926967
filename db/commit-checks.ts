/**
 * Checks a write transaction runs once, just before it commits, over every item its writes queued for them: a
 * transaction that appends 150 audit events reads them back in one statement, not 150. An item queued inside a
 * savepoint that rolls back is dropped with it; a check that throws rolls the whole transaction back.
 */
export type CommitCheck<T, Db> = (tx: Db, items: T[]) => Promise<void>;

/** The items queued so far, by check, in the order they were queued. */
export type PendingChecks<Db> = Map<CommitCheck<never, Db>, unknown[]>;

/** How many items each check had when a savepoint began, to go back to if it rolls back. */
export function markPending<Db>(pending: PendingChecks<Db>): Map<CommitCheck<never, Db>, number> {
  return new Map([...pending].map(([check, items]) => [check, items.length]));
}

export function rollBackPending<Db>(pending: PendingChecks<Db>, mark: Map<CommitCheck<never, Db>, number>) {
  for (const [check, items] of pending) {
    const kept = mark.get(check) ?? 0;
    if (kept === 0) pending.delete(check);
    else items.length = kept;
  }
}

export function queuePending<T, Db>(pending: PendingChecks<Db>, check: CommitCheck<T, Db>, item: T) {
  const key = check as CommitCheck<never, Db>;
  const items = pending.get(key);
  if (items) items.push(item);
  else pending.set(key, [item]);
}

/** Runs every check on its items, in the order the checks were first queued. */
export async function runPending<Db>(tx: Db, pending: PendingChecks<Db>) {
  for (const [check, items] of pending) await (check as CommitCheck<unknown, Db>)(tx, items);
  pending.clear();
}
