// Production server: Next.js behind a plain Node HTTP server, so that the peer address of each connection reaches
// the app in a header the client cannot forge (Next fills X-Forwarded-For from the socket only when absent), the
// forwarded host is believed only behind trusted proxies, and hostile page writes get a 4xx before Next's 500s.
import { createServer } from 'node:http';
import next from 'next';
import { guardedHandler } from './lib/http/guarded-handler.mjs';

const port = Number(process.env.PORT || 3000);
const app = next({ dev: false, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer(guardedHandler(handle));
// Node closes idle keep-alive connections after 5 s; a client (or a load balancer, whose idle timeout is commonly 60 s)
// reusing one at that moment gets ECONNRESET. Outlive the usual 60 s so the client side always closes first.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(port, () => console.log(`Provenant listening on http://localhost:${port}`));
