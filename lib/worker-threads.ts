import 'server-only';

/**
 * The `execArgv` of a worker thread started from `new URL('./x.worker.ts', import.meta.url)`: Next's build bundles
 * the worker to JavaScript; run from source (tests, tsx, the CLI) it is TypeScript and needs tsx's require hook in
 * the worker too (Node 20 workers do not take --import loaders).
 */
export const workerExecArgv = (): string[] => (process.env.NEXT_RUNTIME === 'nodejs' ? [] : ['--require', 'tsx/cjs']);

/**
 * Runs at most `max` calls of the returned function at once; the rest wait their turn in order. For work that
 * holds worker threads: more at once buys no speed on few cores and holds more memory.
 */
export function takingTurns(max: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  const take = () => (running < max ? (running++, Promise.resolve()) : new Promise<void>((resolve) => waiting.push(resolve)));
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return async <T>(work: () => Promise<T>): Promise<T> => {
    await take();
    try {
      return await work();
    } finally {
      release();
    }
  };
}
