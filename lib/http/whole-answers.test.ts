import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWithWholeAnswers, withWholeAnswer } from './whole-answers.mjs';

/** A server that answers as Next does (headers set, flushHeaders, then the body in chunks apart, then end), through withWholeAnswer. */
type Answer = { type: string; chunks: (string | Buffer)[]; status?: number; limit?: number; headers?: Record<string, string> };
const answers = new Map<string, Answer>();
const server = http.createServer((req, res) => {
  const answer = answers.get(req.url!)!;
  req.resume();
  withWholeAnswer(res, answer.limit);
  res.statusCode = answer.status ?? 200;
  res.setHeader('content-type', answer.type);
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  res.flushHeaders();
  const rest = [...answer.chunks];
  const last = rest.pop();
  const next = () => {
    const chunk = rest.shift();
    if (chunk === undefined) return void res.end(last);
    res.write(chunk);
    setTimeout(next, 5); // as a stream's chunks come, apart
  };
  next();
});
let port: number;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

async function fetchRaw(path: string, answer: Answer, method = 'GET', body?: string) {
  answers.set(path, answer);
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { method, body });
  return { status: response.status, headers: response.headers, body: method === 'HEAD' ? '' : await response.text() };
}

describe('answers go out whole, with their length', () => {
  it('a JSON answer written as headers, then chunks, carries a Content-Length and is not chunked', async () => {
    const answer = await fetchRaw('/json', { type: 'application/json', chunks: ['{"error":', Buffer.from('{"code":"insufficient_storage"'), '}}'], status: 507 });
    expect(answer.status).toBe(507);
    expect(answer.headers.get('content-length')).toBe(String(Buffer.byteLength('{"error":{"code":"insufficient_storage"}}')));
    expect(answer.headers.get('transfer-encoding')).toBeNull();
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'insufficient_storage' } });
  });

  it('counts bytes, not characters, and takes problem+json and other JSON types', async () => {
    const answer = await fetchRaw('/utf8', { type: 'application/problem+json; charset=utf-8', chunks: ['{"name":"Zoë ', '😀"}'] });
    expect(answer.headers.get('content-length')).toBe(String(Buffer.byteLength('{"name":"Zoë 😀"}')));
    expect(JSON.parse(answer.body)).toEqual({ name: 'Zoë 😀' });
  });

  it('streams a JSON answer past the limit as it comes, whole', async () => {
    const big = 'x'.repeat(600);
    const answer = await fetchRaw('/big', { type: 'application/json', chunks: [`["${big}",`, `"${big}",`, `"${big}"]`], limit: 1000 });
    expect(answer.headers.get('content-length')).toBeNull();
    expect(answer.headers.get('transfer-encoding')).toBe('chunked');
    expect(JSON.parse(answer.body)).toEqual([big, big, big]);
  });

  it('leaves pages, downloads, event streams and JSON streams to requests without a body as they are', async () => {
    for (const [i, type] of ['text/html; charset=utf-8', 'application/pdf', 'text/event-stream', 'text/x-component', 'application/json-seq', 'application/x-ndjson'].entries()) {
      const answer = await fetchRaw(`/other-${i}`, { type, chunks: ['a', 'b', 'c'] });
      expect([type, answer.headers.get('content-length'), answer.headers.get('transfer-encoding'), answer.body]).toEqual([type, null, 'chunked', 'abc']);
    }
  });

  it('sends any answer to a request with a body whole (a server action, a page), but never an event stream', async () => {
    for (const [i, type] of ['text/x-component', 'text/html; charset=utf-8'].entries()) {
      const answer = await fetchRaw(`/posted-${i}`, { type, chunks: ['0:', '["$"]', '\n'] }, 'POST', 'form=1');
      expect([type, answer.headers.get('content-length'), answer.headers.get('transfer-encoding'), answer.body]).toEqual([type, '8', null, '0:["$"]\n']);
    }
    const events = await fetchRaw('/posted-events', { type: 'text/event-stream', chunks: ['data: 1\n\n', 'data: 2\n\n'] }, 'POST', 'subscribe');
    expect([events.headers.get('content-length'), events.headers.get('transfer-encoding')]).toEqual([null, 'chunked']);
  });

  it('leaves an answer whose writer set its own framing as it is', async () => {
    const answer = await fetchRaw('/framed', { type: 'application/json', chunks: ['[1,', '2]'], headers: { 'transfer-encoding': 'chunked' } });
    expect([answer.headers.get('content-length'), answer.headers.get('transfer-encoding'), answer.body]).toEqual([null, 'chunked', '[1,2]']);
  });

  it('gives a HEAD answer no length of an empty body, and an empty JSON answer a length of 0', async () => {
    const head = await fetchRaw('/head', { type: 'application/json', chunks: [''] }, 'HEAD');
    expect(head.headers.get('content-length')).toBeNull();
    const empty = await fetchRaw('/empty', { type: 'application/json', chunks: [''] });
    expect([empty.headers.get('content-length'), empty.body]).toEqual(['0', '']);
  });
});

describe('compression, inside the wrapper', () => {
  /** serveWithWholeAnswers in front of a stand-in for Next that answers as it does: flushHeaders, chunks, end. */
  const big = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `System ${i}` })) });
  const compressing = http.createServer((req, res) =>
    serveWithWholeAnswers(req, res, (_req, inner) => {
      inner.statusCode = 201;
      inner.setHeader('content-type', 'application/json');
      inner.flushHeaders();
      _req.resume();
      _req.on('end', () => {
        inner.write(big.slice(0, 100));
        inner.end(big.slice(100));
      });
    }),
  );
  let base: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => compressing.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(compressing.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => compressing.close(resolve)));

  /** What went on the wire, not decoded: node:http, unlike fetch, leaves a gzip body as it came. */
  const raw = (method: string, body?: string) =>
    new Promise<{ headers: http.IncomingHttpHeaders; bytes: Buffer }>((resolve, reject) => {
      const request = http.request(`${base}/x`, { method, headers: { 'accept-encoding': 'gzip', ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ headers: response.headers, bytes: Buffer.concat(chunks) }));
      });
      request.on('error', reject);
      request.end(body);
    });

  it('compresses a large JSON answer to a request without a body, and the bytes are the answer', async () => {
    const answer = await raw('GET');
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(answer.bytes).toString()).toBe(big);
  });

  it('sends the answer to a request with a body whole, with its length, uncompressed', async () => {
    const answer = await raw('POST', '{"name":"x"}');
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect([answer.headers['content-length'], answer.headers['transfer-encoding']]).toEqual([String(Buffer.byteLength(big)), undefined]);
    expect(answer.bytes.toString()).toBe(big);
  });
});
