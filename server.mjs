// Production server: Next.js behind a plain Node HTTP server, only so that the peer address of each connection
// reaches the app in a header the client cannot forge (Next fills X-Forwarded-For from the socket only when absent).
import { createServer } from 'node:http';
import next from 'next';

const port = Number(process.env.PORT || 3000);
const app = next({ dev: false, port });
const handle = app.getRequestHandler();
await app.prepare();

createServer((req, res) => {
  req.headers['x-provenant-peer'] = req.socket.remoteAddress ?? '';
  handle(req, res);
}).listen(port, () => console.log(`Provenant listening on http://localhost:${port}`));
