import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { stoppable } from './graceful-stop.mjs';

/** A real server whose `/slow` requests wait for the test to release them; everything else answers at once. */
async function serve(options: { drainMs?: number; graceMs?: number }) {
  const waiting: (() => void)[] = [];
  let arrived = 0;
  const lifecycle = stoppable((req, res) => {
    if (req.url === '/slow') {
      arrived++;
      waiting.push(() => res.end('done'));
      return;
    }
    res.end(req.url === '/api/health/ready' ? 'ready' : 'ok');
  }, options);
  const server = http.createServer(lifecycle.handler);
  // As server.mjs: idle connections outlive any test, so a stop that waited for them would never end.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const port = (server.address() as AddressInfo).port;
  const agent = new http.Agent({ keepAlive: true });
  const get = (path: string) =>
    new Promise<{ status: number; body: string; connection: string | undefined }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path, agent }, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, body, connection: res.headers.connection }));
        })
        .on('error', reject);
    });
  const released = () => waiting.splice(0).forEach((release) => release());
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  return { lifecycle, server, get, released, until, arrivedCount: () => arrived };
}

const servers: http.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

describe('stoppable: how server.mjs stops on SIGTERM', () => {
  it('lets a request under way finish, refuses new connections, and ends once every connection has', async () => {
    const s = await serve({ drainMs: 0 });
    // A kept-alive connection that is idle when the stop begins must not hold it up for the keep-alive timeout.
    expect((await s.get('/other')).body).toBe('ok');
    const slow = s.get('/slow');
    await s.until(() => s.arrivedCount() === 1);
    const stopped = s.lifecycle.stop(s.server);
    expect(s.lifecycle.stopping()).toBe(true);
    await s.until(() => !s.server.listening);
    await expect(s.get('/other')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    s.released();
    expect(await slow).toMatchObject({ status: 200, body: 'done' });
    // The slow request's connection is idle now: swept, so the stop ends well before any timeout.
    expect(await stopped).toBe('drained');
  });

  it('while draining, serves on but answers readiness 503 and asks every client to close its connection', async () => {
    const s = await serve({ drainMs: 400 });
    expect(await s.get('/api/health/ready')).toMatchObject({ status: 200, body: 'ready' });
    const stopped = s.lifecycle.stop(s.server);
    const ready = await s.get('/api/health/ready?full=1');
    expect(ready).toMatchObject({ status: 503, connection: 'close' });
    expect(JSON.parse(ready.body)).toEqual({ status: 'stopping' });
    expect(await s.get('/other')).toEqual({ status: 200, body: 'ok', connection: 'close' });
    expect(s.server.listening).toBe(true);
    expect(await stopped).toBe('drained');
    expect(s.server.listening).toBe(false);
  });

  it('cuts off what still runs after the grace period, and says so', async () => {
    const s = await serve({ drainMs: 0, graceMs: 200 });
    const slow = s.get('/slow');
    await s.until(() => s.arrivedCount() === 1);
    expect(await s.lifecycle.stop(s.server)).toBe('cut');
    await expect(slow).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('a second stop does not start another', async () => {
    const s = await serve({ drainMs: 0 });
    const first = s.lifecycle.stop(s.server);
    expect(await s.lifecycle.stop(s.server)).toBe('drained');
    expect(await first).toBe('drained');
  });
});
