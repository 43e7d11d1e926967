import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { guardedHandler } from './guarded-handler.mjs';
import { SERVER_ACTION_BODY_LIMIT } from './page-write-guard.mjs';

/** server.mjs's listener served over real HTTP, with a stand-in for Next that records what reached it. */
const reachedNext: http.IncomingHttpHeaders[] = [];
const server = http.createServer(
  guardedHandler((req, res) => {
    reachedNext.push(req.headers);
    req.resume();
    req.on('end', () => res.end('next'));
  }),
);
let host: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
afterEach(() => {
  reachedNext.length = 0;
  delete process.env.TRUSTED_PROXY_HOPS;
});

type Sent = { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer | string; chunked?: boolean };

function send({ method = 'POST', path = '/systems', headers = {}, body = '[]', chunked = false }: Sent): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const [hostname, port] = host.split(':');
    const request = http.request({ hostname, port, method, path, headers: { 'next-action': '7f00', ...headers } }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body: text, headers: response.headers }));
    });
    request.on('error', reject);
    if (chunked) request.setHeader('transfer-encoding', 'chunked');
    else if (method !== 'GET') request.setHeader('content-length', Buffer.byteLength(body));
    if (method === 'GET') request.end();
    else request.end(body);
  });
}

describe('server.mjs in front of Next', () => {
  it('refuses a server action with a foreign, null or unparsable Origin with 403 in the error shape; Next never sees it', async () => {
    for (const origin of ['http://evil.example', 'null', 'garbage']) {
      const answer = await send({ headers: { origin } });
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body).error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/Cross-origin/) });
      // Whole, with its length: a proxy reads it in one piece although the body it refuses is never read.
      expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(answer.body)));
    }
    expect(reachedNext).toEqual([]);
  });

  it('answers 400 to a request target that is no path (it used to throw, leaving the request unanswered)', async () => {
    for (const path of ['//', '//:99999']) {
      const answer = await send({ method: 'GET', path, headers: { 'next-action': '' } });
      expect([answer.status, JSON.parse(answer.body).error.code]).toEqual([400, 'bad_request']);
    }
    expect(reachedNext).toEqual([]);
    expect(await send({ method: 'GET', path: '/ok', headers: {} })).toMatchObject({ status: 200, body: 'next' });
  });

  it('answers 413 to an oversized action body and 411 to one without a length, and the client reads the answer', async () => {
    const origin = `http://${host}`;
    const big = await send({ headers: { origin }, body: Buffer.alloc(SERVER_ACTION_BODY_LIMIT + 1, 0x61) });
    expect([big.status, JSON.parse(big.body).error.code]).toEqual([413, 'too_large']);
    expect((await send({ headers: { origin }, chunked: true })).status).toBe(411);
    expect(await send({ headers: { origin } })).toMatchObject({ status: 200, body: 'next' });
  });

  it('strips X-Forwarded-Host and sets the peer address unless TRUSTED_PROXY_HOPS says a proxy sets them', async () => {
    await send({ method: 'GET', path: '/', headers: { 'x-forwarded-host': 'evil.example', 'x-provenant-peer': '6.6.6.6' } });
    expect(reachedNext[0]).toMatchObject({ 'x-provenant-peer': '127.0.0.1' });
    expect(reachedNext[0]).not.toHaveProperty('x-forwarded-host');
    process.env.TRUSTED_PROXY_HOPS = '1';
    const behindProxy = { origin: 'https://provenant.example', 'x-forwarded-host': 'evil.example, provenant.example' };
    expect((await send({ headers: behindProxy })).status).toBe(200);
    expect(reachedNext[1]).toMatchObject({ 'x-forwarded-host': 'provenant.example' });
  });
});
