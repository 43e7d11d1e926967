// How server.mjs stops on SIGTERM (docker stop, systemd, an orchestrator's rolling restart) or Ctrl-C: no request it
// has begun is cut off, and neither is the background work it runs. Node's default on SIGTERM is to exit at once,
// which answered every request in flight with a reset connection (a 502 behind the proxy), and in a container, where
// the server is PID 1, the signal was ignored until the engine's kill -9 ten seconds later.
//
// The state is the process's, on a global symbol: the app's modules are bundled by Next apart from server.mjs, so
// each side has its own copy of this module.

const SWEEP_MS = 100;
/** How long the interruptions of work still under way when the grace period ends may take, at most. */
export const INTERRUPT_MS = 5_000;
const STATE = Symbol.for('provenant.stop');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function state() {
  globalThis[STATE] ??= { stopping: false, work: new Map() };
  return globalThis[STATE];
}

/** True once a stop has begun: the readiness probe answers 503, and no new background work starts. */
export function isStopping() {
  return state().stopping;
}

/**
 * Whether a stop begins within `ms`. A signal sent to a process group (a terminal's Ctrl-C, systemd's stop) reaches a
 * child and this process at once, and this process may hear of the child's death before it hears its own signal.
 */
export async function stopBeginsWithin(ms) {
  const end = Date.now() + ms;
  while (!isStopping() && Date.now() < end) await sleep(25);
  return isStopping();
}

/**
 * Background work under way (an evidence-pack generator, an oversight tick) that a stop lets finish first. When the
 * grace period ends before it does, `interrupt` (if given) is called to leave it in a state another process can take
 * up (an evidence pack goes back to the queue); work without one is simply cut off with the process.
 */
export function finishBeforeStop(promise, interrupt) {
  const { work } = state();
  work.set(promise, interrupt);
  const forget = () => work.delete(promise);
  promise.then(forget, forget);
  return promise;
}

/** Interrupts the work still under way, all at once, for up to INTERRUPT_MS; one that fails is logged, not thrown. */
async function interruptWork() {
  const interrupting = [...state().work.values()]
    .filter((interrupt) => typeof interrupt === 'function')
    .map((interrupt) => Promise.resolve().then(interrupt).catch((error) => console.error('Could not interrupt work under way:', error)));
  let timer;
  await Promise.race([Promise.all(interrupting), new Promise((resolve) => (timer = setTimeout(resolve, INTERRUPT_MS)))]);
  clearTimeout(timer);
}

const toldToClose = Symbol('provenant.toldToClose');

/**
 * Wraps the server's request listener. `stop(server)` then:
 * 1. for `drainMs`, keeps serving, but the readiness probe answers 503 (app/api/health/ready) and every answer says
 *    `Connection: close`, so that a proxy's active health check takes this replica out before it stops listening
 *    (closing a proxy's idle connection while the proxy writes a request into it would lose that request);
 * 2. stops listening, and lets the requests under way and the background work finish, for up to `graceMs`;
 * 3. closes what connections remain (idle ones, or a request that never finished arriving, which nothing has begun
 *    to answer) and resolves 'drained'; or, when `graceMs` ran out first, closes them all, interrupts the work still
 *    under way (for up to INTERRUPT_MS) and resolves 'cut'.
 */
export function stoppable(listener, { drainMs = 0, graceMs = 25_000 } = {}) {
  let active = 0;
  let stopped;
  const handler = (req, res) => {
    if (stopped) {
      // A request pipelined behind one already told to close is never answered (the connection closes after that
      // answer), so it must not run either: its client sees no answer and may send it again elsewhere.
      if (req.socket[toldToClose]) return;
      req.socket[toldToClose] = true;
      res.setHeader('connection', 'close');
    }
    active++;
    res.once('close', () => active--);
    return listener(req, res);
  };
  async function drain(server) {
    await sleep(drainMs);
    server.close();
    const deadline = Date.now() + graceMs;
    while (active > 0 || state().work.size > 0) {
      if (Date.now() >= deadline) {
        server.closeAllConnections();
        await interruptWork();
        return 'cut';
      }
      server.closeIdleConnections();
      await sleep(SWEEP_MS);
    }
    server.closeAllConnections();
    return 'drained';
  }
  /** Begins the stop (a second call answers the first one's outcome). */
  function stop(server) {
    state().stopping = true;
    stopped ??= drain(server);
    return stopped;
  }
  return { handler, stop, stopping: () => stopped !== undefined };
}
