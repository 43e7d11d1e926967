// Production server: Next.js behind a plain Node HTTP server, so that the peer address of each connection reaches
// the app in a header the client cannot forge (Next fills X-Forwarded-For from the socket only when absent), the
// forwarded host is believed only behind trusted proxies, and hostile page writes get a 4xx before Next's 500s.
import { createServer } from 'node:http';
import next from 'next';
import { stoppable } from './lib/http/graceful-stop.mjs';
import { guardedHandler } from './lib/http/guarded-handler.mjs';

const port = Number(process.env.PORT || 3000);
// Behind a proxy that routes on the readiness probe, long enough for its health check to see this replica go
// (compose.yaml: 5 s, against deploy/Caddyfile's check every 2 s). 0 when nothing routes here by readiness.
const drainSeconds = Number(process.env.STOP_DRAIN_SECONDS || 0);
if (!Number.isInteger(drainSeconds) || drainSeconds < 0 || drainSeconds > 60) throw new Error(`STOP_DRAIN_SECONDS must be a whole number of seconds from 0 to 60, not ${JSON.stringify(process.env.STOP_DRAIN_SECONDS)}`);
// SIGTERM or Ctrl-C: finish what was begun, then exit (lib/http/graceful-stop.mjs); a second Ctrl-C exits at once.
// Heard from the start: a signal that comes while Next prepares (and the migrations run, in their transaction) ends
// the process there, with nothing begun for any client.
let lifecycle;
let server;
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    if (!server) {
      console.log(`${signal} before the server listened: stopped.`);
      process.exit(0);
    }
    if (lifecycle.stopping()) {
      if (signal === 'SIGINT') process.exit(130);
      return;
    }
    console.log(`${signal}: ${drainSeconds ? `readiness answers 503 for ${drainSeconds} s, then ` : ''}no new connections; finishing the requests and the work under way`);
    lifecycle.stop(server).then((outcome) => {
      console.log(outcome === 'drained' ? 'Everything under way finished: stopped.' : 'What still ran after 25 s was cut off: stopped.');
      process.exit(outcome === 'drained' ? 0 : 1);
    });
  });
}

const app = next({ dev: false, port });
const handle = app.getRequestHandler();
await app.prepare();

lifecycle = stoppable(guardedHandler(handle), { drainMs: drainSeconds * 1000, graceMs: 25_000 });
server = createServer(lifecycle.handler);
// Node closes idle keep-alive connections after 5 s; a client (or a load balancer, whose idle timeout is commonly 60 s)
// reusing one at that moment gets ECONNRESET. Outlive the usual 60 s so the client side always closes first.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(port, () => console.log(`Provenant listening on http://localhost:${port}`));
