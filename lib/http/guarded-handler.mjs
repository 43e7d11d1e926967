// The request listener of server.mjs, apart from Next so that tests can serve it over real HTTP.
import { serveWithWholeAnswers } from './whole-answers.mjs';
import { refusePageWrite } from './page-write-guard.mjs';
import { requestHost } from './same-origin.mjs';

const headerSource = (req) => ({
  get: (name) => {
    const value = req.headers[name];
    return (Array.isArray(value) ? value[0] : value) ?? null;
  },
});

/** The path of a request target, or null when it is none (`//`, say, reads as an address without a host). */
function pathnameOf(target) {
  try {
    return new URL(target ?? '/', 'http://server').pathname;
  } catch {
    return null;
  }
}

/**
 * Wraps Next's handler: the socket peer goes in a header the client cannot forge, X-Forwarded-Host is kept only
 * behind trusted proxies (Next compares a server action's Origin with it first), hostile page writes are refused, and
 * answers go out whole with their length where a proxy needs them so, compressed here rather than by Next (see
 * whole-answers.mjs).
 */
export function guardedHandler(handle) {
  return (req, res) => {
    req.headers['x-provenant-peer'] = req.socket.remoteAddress ?? '';
    const headers = headerSource(req);
    const trusted = (Number(process.env.TRUSTED_PROXY_HOPS) || 0) > 0 && req.headers['x-forwarded-host'];
    if (trusted) req.headers['x-forwarded-host'] = requestHost(headers);
    else delete req.headers['x-forwarded-host'];
    const pathname = pathnameOf(req.url);
    const refusal = pathname === null ? { status: 400, code: 'bad_request', message: 'The request target is not a valid path.' } : refusePageWrite(req.method ?? 'GET', pathname, headers);
    if (!refusal) return serveWithWholeAnswers(req, res, handle);
    const body = JSON.stringify({ error: { code: refusal.code, message: refusal.message } });
    res.writeHead(refusal.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-content-type-options': 'nosniff' });
    res.end(body);
    req.resume(); // discard the refused body, so the client reads the answer instead of a reset connection
  };
}
