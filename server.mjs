// Production server: Next.js behind a plain Node HTTP server, so that the peer address of each connection reaches
// the app in a header the client cannot forge (Next fills X-Forwarded-For from the socket only when absent), the
// forwarded host is believed only behind trusted proxies, and hostile page writes get a 4xx before Next's 500s.
import { createServer } from 'node:http';
import next from 'next';
import { refusePageWrite } from './lib/http/page-write-guard.mjs';
import { requestHost } from './lib/http/same-origin.mjs';

const port = Number(process.env.PORT || 3000);
const app = next({ dev: false, port });
const handle = app.getRequestHandler();
await app.prepare();

const headerSource = (req) => ({
  get: (name) => {
    const value = req.headers[name];
    return (Array.isArray(value) ? value[0] : value) ?? null;
  },
});

createServer((req, res) => {
  req.headers['x-provenant-peer'] = req.socket.remoteAddress ?? '';
  const headers = headerSource(req);
  // Next compares a server action's Origin with X-Forwarded-Host first: keep only the value we trust (or none).
  if ((Number(process.env.TRUSTED_PROXY_HOPS) || 0) > 0 && req.headers['x-forwarded-host']) req.headers['x-forwarded-host'] = requestHost(headers);
  else delete req.headers['x-forwarded-host'];
  const refusal = refusePageWrite(req.method ?? 'GET', new URL(req.url ?? '/', 'http://server').pathname, headers);
  if (!refusal) return handle(req, res);
  res.writeHead(refusal.status, { 'content-type': 'application/json', 'x-content-type-options': 'nosniff', connection: 'close' });
  res.end(JSON.stringify({ error: { code: refusal.code, message: refusal.message } }));
}).listen(port, () => console.log(`Provenant listening on http://localhost:${port}`));
