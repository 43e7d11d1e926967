/** Work done between two yields: about 20,000 numbers of validation or arithmetic, a few milliseconds. */
const STEP_COST = 20_000;

/**
 * Lets the event loop run whatever waits (other requests, timers) before going on. SQLite answers in the same tick, so
 * long work that never awaits anything else holds every other request until it ends (DESIGN invariant 13).
 */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `items.map(fn)` that lets the event loop run other requests every STEP_COST units of `cost` (a large monitoring post
 * must not stall everyone else while it is read and computed).
 */
export async function mapInSteps<T, U>(items: readonly T[], cost: (item: T) => number, fn: (item: T, index: number) => U): Promise<U[]> {
  const out: U[] = [];
  let spent = 0;
  for (const [i, item] of items.entries()) {
    out.push(fn(item, i));
    spent += cost(item);
    if (spent >= STEP_COST) {
      spent = 0;
      await yieldToLoop();
    }
  }
  return out;
}
