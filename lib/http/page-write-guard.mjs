// Writes to pages are server actions. Next answers a foreign, `null` or unparsable Origin and an oversized body
// with a 500; server.mjs asks this guard first so they get a clear 4xx in the API's error shape instead.
import { crossOriginReason } from './same-origin.mjs';

/** Matches `experimental.serverActions.bodySizeLimit` in next.config.js (the model-index import is up to 1 MB of text). */
export const SERVER_ACTION_BODY_LIMIT = 8 * 1024 * 1024;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The refusal of a write outside /api/ (CSRF, missing or excessive length), or null to let Next handle it. */
export function refusePageWrite(method, pathname, headers) {
  if (SAFE_METHODS.has(method) || pathname === '/api' || pathname.startsWith('/api/')) return null;
  const crossOrigin = crossOriginReason(headers);
  if (crossOrigin) return { status: 403, code: 'forbidden', message: `Cross-origin write refused: ${crossOrigin}` };
  const length = headers.get('content-length');
  if (length === null) return { status: 411, code: 'invalid', message: 'A write must declare its Content-Length.' };
  if (!/^\d+$/.test(length)) return { status: 400, code: 'invalid', message: 'The Content-Length header is not a number.' };
  if (Number(length) > SERVER_ACTION_BODY_LIMIT) {
    return { status: 413, code: 'too_large', message: `The request body exceeds the limit of ${SERVER_ACTION_BODY_LIMIT} bytes.` };
  }
  return null;
}
