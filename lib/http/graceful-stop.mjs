// How server.mjs stops on SIGTERM (docker stop, systemd, an orchestrator's rolling restart) or Ctrl-C: no request it
// has begun is cut off. Node's default on SIGTERM is to exit at once, which answered every request in flight with a
// reset connection (a 502 behind the proxy), and in a container, where the server is PID 1, the signal was ignored
// until the engine's kill -9 ten seconds later.

const READINESS_PATH = '/api/health/ready';
const SWEEP_MS = 250;

/**
 * Wraps the server's request listener. `stop(server)` then:
 * 1. for `drainMs`, keeps serving, but answers the readiness probe 503 and every answer with `Connection: close`, so
 *    that a proxy's active health check takes this replica out before it stops listening (closing a proxy's idle
 *    connection while the proxy writes a request into it would lose that request);
 * 2. stops listening and closes idle connections, and lets the requests under way finish, for up to `graceMs`;
 * 3. resolves 'drained' when every connection has ended, or 'cut' when it had to close the rest after `graceMs`.
 */
export function stoppable(listener, { drainMs = 0, graceMs = 25_000 } = {}) {
  let stopping = false;
  const handler = (req, res) => {
    if (stopping) {
      res.setHeader('connection', 'close');
      if (new URL(req.url ?? '/', 'http://server').pathname === READINESS_PATH) {
        const body = JSON.stringify({ status: 'stopping' });
        res.writeHead(503, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
        res.end(body);
        return;
      }
    }
    return listener(req, res);
  };
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  async function stop(server) {
    if (stopping) return 'drained';
    stopping = true;
    await sleep(drainMs);
    const closed = new Promise((resolve) => server.close(() => resolve('drained')));
    server.closeIdleConnections();
    // A connection whose request was under way when the answers began to say `Connection: close` may stay open, idle.
    const sweep = setInterval(() => server.closeIdleConnections(), SWEEP_MS);
    let timer;
    const outcome = await Promise.race([closed, new Promise((resolve) => (timer = setTimeout(resolve, graceMs, 'cut')))]);
    clearInterval(sweep);
    clearTimeout(timer);
    if (outcome === 'cut') server.closeAllConnections();
    return outcome;
  }
  return { handler, stop, stopping: () => stopping };
}
