// Answers a proxy must read whole go out whole: headers and body in one write, with a Content-Length, instead of as
// Next streams them (headers flushed first, then a chunked body). A reverse proxy built on Go's net/http, Caddy among
// them, flushes an answer of unknown length to its client at once; writing to the client makes Go's HTTP/1 server
// drain and close the client's request body, and when the proxy's transport reads that body once more after sending
// it (to check its declared length), the read fails and the transport closes the connection to the replica,
// mid-answer (golang/go#40747; Caddy 2.6's streaming.go flushInterval returns "immediately" when Content-Length is
// -1). The client then got a 507 or 201 with an empty body, as the reliability suite saw under load. Sent whole, the
// answer reaches the proxy in one read when it is small, as answers to writes are (a record, a refusal); a large one
// sent before the request's body is read can still be cut, which is why refusals stay short.
import compression from 'compression';

/** Past this, an answer is streamed as it is written: its size is the client's concern, not memory's. */
export const WHOLE_ANSWER_LIMIT = 1024 * 1024;

const contentType = (res) => String(res.getHeader('content-type') ?? '');
/** application/json and its +json kinds; not application/json-seq or x-ndjson, which are streams by nature. */
const isJson = (res) => /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType(res));
const isEventStream = (res) => /^text\/event-stream\s*(?:;|$)/i.test(contentType(res));
const hasBody = (req) => Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
const asBuffer = (chunk, encoding) => (Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, encoding) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));

/**
 * Whether an answer is held until it ends: every JSON answer (API clients read them whole anyway), and every answer to
 * a request that carried a body (the race above needs one), but never an event stream, nor an answer whose length or
 * framing its writer set itself.
 */
function holds(res) {
  if (res.headersSent || res.hasHeader('content-length') || res.hasHeader('transfer-encoding') || isEventStream(res)) return false;
  return isJson(res) || (res.req !== undefined && hasBody(res.req));
}

/**
 * Holds back an answer's headers and body until it ends (or passes `limit`), then sends them in one write with a
 * Content-Length. Answers it does not hold (see `holds`) pass through untouched.
 */
export function withWholeAnswer(res, limit = WHOLE_ANSWER_LIMIT) {
  const original = { write: res.write, end: res.end, flushHeaders: res.flushHeaders };
  let held = null; // null: not decided yet; false: passing through; an array: the chunks held back
  let size = 0;
  const restore = () => Object.assign(res, original);
  const decide = () => {
    if (held === null) held = holds(res) ? [] : false;
    if (held === false) restore();
    return held;
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
    if (size <= limit) {
      if (callback) process.nextTick(callback);
      return true;
    }
    // Too large to hold: what is held goes out now, as the start of a streamed answer.
    const chunks = held;
    held = false;
    restore();
    return res.write(Buffer.concat(chunks), callback);
  };
  res.end = function (chunk, encoding, callback) {
    if (typeof chunk === 'function') [callback, chunk, encoding] = [chunk, undefined, undefined];
    if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined];
    if (decide() === false) return res.end(chunk, encoding, callback);
    const body = Buffer.concat(chunk == null ? held : [...held, asBuffer(chunk, encoding)]);
    held = false;
    restore();
    if (![204, 304].includes(res.statusCode) && res.req?.method !== 'HEAD') res.setHeader('content-length', body.length);
    return res.end(body, callback);
  };
  return res;
}

/**
 * Compression, as Next's own (next.config: compress false), but inside withWholeAnswer, which hands it a whole answer
 * of known length. An answer to a request that carried a body is not compressed, so it keeps that length; others
 * are, above compression's 1 KiB threshold, in the encoding the client prefers (brotli, gzip or deflate).
 */
const compress = compression({ filter: (req, res) => !hasBody(req) && compression.filter(req, res) });

/** Calls `handle` with answers made whole and compression applied, in that order. */
export function serveWithWholeAnswers(req, res, handle) {
  compress(req, res, () => handle(req, withWholeAnswer(res)));
}
