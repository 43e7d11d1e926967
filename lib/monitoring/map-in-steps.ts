/** Work done between two yields: about 20,000 numbers of validation or arithmetic, a few milliseconds. */
const STEP_COST = 20_000;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `items.map(fn)` that lets the event loop run other requests every STEP_COST units of `cost` (DESIGN invariant 13:
 * a large monitoring post must not stall everyone else while it is read and computed).
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

/** The numbers a raw drift result's histograms hold (before validation: anything not an array counts as none). */
export function histogramCounts(item: unknown): number {
  const h = item && typeof item === 'object' ? (item as { histograms?: unknown }).histograms : undefined;
  if (!h || typeof h !== 'object') return 0;
  const length = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  const { reference, current } = h as { reference?: unknown; current?: unknown };
  return length(reference) + length(current);
}
