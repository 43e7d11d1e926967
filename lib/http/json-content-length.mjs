// JSON answers go out whole, with a Content-Length, instead of as Next streams them (headers flushed first, then a
// chunked body). A reverse proxy built on Go's net/http, Caddy among them, flushes an answer of unknown length to its
// client at once; writing to the client makes Go's HTTP/1 server drain and close the client's request body, and when
// the proxy's transport reads that body once more after sending it (to check its declared length), the read fails and
// the transport closes the connection to the replica, mid-answer (golang/go#40747; Caddy 2.6's streaming.go
// flushInterval returns "immediately" when Content-Length is -1). The client then got a 507 or 201 with an empty body,
// as the reliability suite saw under load. With a length the proxy reads the answer before it writes any of it.
import compression from 'compression';

/** Past this, a JSON answer is streamed as Next writes it: its size is the client's concern, not memory's. */
export const WHOLE_JSON_LIMIT = 1024 * 1024;

const isJson = (res) => /^application\/(?:[\w.+-]+\+)?json\b/i.test(String(res.getHeader('content-type') ?? ''));
const asBuffer = (chunk, encoding) => (Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, encoding) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));

/**
 * Holds back a JSON answer's headers and body until it ends (or passes WHOLE_JSON_LIMIT), then sends them in one write
 * with a Content-Length. Other answers (pages, downloads, event streams) pass through untouched.
 */
export function withJsonContentLength(res, limit = WHOLE_JSON_LIMIT) {
  const original = { write: res.write, end: res.end, flushHeaders: res.flushHeaders };
  let held = null; // null: not decided yet; false: passing through; an array: the chunks held back
  let size = 0;
  const restore = () => Object.assign(res, original);
  const decide = () => {
    if (held === null) held = !res.headersSent && !res.hasHeader('content-length') && isJson(res) ? [] : false;
    if (held === false) restore();
    return held;
  };
  const release = () => {
    const chunks = held;
    held = false;
    restore();
    if (chunks.length > 0) res.write(Buffer.concat(chunks));
  };
  res.flushHeaders = function () {
    if (decide() === false) return res.flushHeaders();
  };
  res.write = function (chunk, encoding, callback) {
    if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined];
    if (decide() === false || chunk == null) return res.write(chunk, encoding, callback);
    const bytes = asBuffer(chunk, encoding);
    held.push(bytes);
    size += bytes.length;
    if (size > limit) {
      release();
      if (callback) process.nextTick(callback);
      return res.writableNeedDrain !== true;
    }
    if (callback) process.nextTick(callback);
    return true;
  };
  res.end = function (chunk, encoding, callback) {
    if (typeof chunk === 'function') [callback, chunk, encoding] = [chunk, undefined, undefined];
    if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined];
    if (decide() === false) return res.end(chunk, encoding, callback);
    const body = Buffer.concat(chunk == null ? held : [...held, asBuffer(chunk, encoding)]);
    held = false;
    restore();
    if (!res.headersSent && ![204, 304].includes(res.statusCode) && res.req?.method !== 'HEAD') res.setHeader('content-length', body.length);
    return res.end(body, callback);
  };
  return res;
}

const hasBody = (req) => Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;

/**
 * Compression, as Next's own (next.config: compress false), but inside withJsonContentLength, which hands it a whole
 * answer of known length. The answer to a request that carried a body (a created record, a refusal: small) is not
 * compressed, so it keeps that length; others are, above compression's 1 KiB threshold, when the client accepts it.
 */
const compress = compression({ filter: (req, res) => !hasBody(req) && compression.filter(req, res) });

/** Calls `handle` with JSON answers made whole and compression applied, in that order. */
export function serveWithWholeJson(req, res, handle) {
  compress(req, res, () => handle(req, withJsonContentLength(res)));
}
