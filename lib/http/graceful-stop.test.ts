import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { finishBeforeStop, INTERRUPT_MS, isStopping, stoppable } from './graceful-stop.mjs';

/** A real server whose `/slow` requests wait for the test to release them; everything else answers at once. */
async function serve(options: { drainMs?: number; graceMs?: number }) {
  const waiting: (() => void)[] = [];
  let arrived = 0;
  let handled = 0;
  const lifecycle = stoppable((req, res) => {
    handled++;
    if (req.url === '/slow') {
      arrived++;
      waiting.push(() => res.end('done'));
      return;
    }
    res.end('ok');
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
  /** Raw bytes on a connection of their own, and everything the server sends back until it closes. */
  const raw = (bytes: string) =>
    new Promise<{ socket: net.Socket; received: Promise<string> }>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(bytes);
        let text = '';
        socket.on('data', (chunk) => (text += chunk));
        resolve({ socket, received: new Promise((done) => socket.on('close', () => done(text))) });
      });
      socket.on('error', () => undefined);
    });
  return { lifecycle, server, get, raw, released, until, arrivedCount: () => arrived, handledCount: () => handled };
}

const servers: http.Server[] = [];
afterEach(() => {
  // A stop is the process's (a global symbol, for the app's modules): the next test starts in a serving one.
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('provenant.stop')];
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

  it('while draining, serves on but asks every client to close its connection, and says it is stopping', async () => {
    const s = await serve({ drainMs: 400 });
    expect(isStopping()).toBe(false);
    const stopped = s.lifecycle.stop(s.server);
    expect(isStopping()).toBe(true);
    expect(await s.get('/other')).toEqual({ status: 200, body: 'ok', connection: 'close' });
    expect(s.server.listening).toBe(true);
    expect(await stopped).toBe('drained');
    expect(s.server.listening).toBe(false);
  });

  it('does not wait for a request that never finished arriving: nothing has begun to answer it', async () => {
    const s = await serve({ drainMs: 0, graceMs: 60_000 });
    const { received } = await s.raw('GET /other HTTP/1.1\r\nHost: example\r\n');
    // Well within the test's own 5 s timeout, which waiting out the grace period would overrun.
    expect(await s.lifecycle.stop(s.server)).toBe('drained');
    expect(await received).toBe('');
    expect(s.handledCount()).toBe(0);
  });

  it('waits for background work under way before it ends', async () => {
    const s = await serve({ drainMs: 0 });
    let finish!: () => void;
    const work = finishBeforeStop(new Promise<void>((resolve) => (finish = resolve)));
    let outcome: string | undefined;
    void s.lifecycle.stop(s.server).then((o) => (outcome = o));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(outcome).toBeUndefined();
    finish();
    await work;
    await s.until(() => outcome !== undefined);
    expect(outcome).toBe('drained');
  });

  it('answers the first of two pipelined requests and does not run the second, which its client never hears of', async () => {
    const s = await serve({ drainMs: 1_000 });
    const stopped = s.lifecycle.stop(s.server);
    const { received } = await s.raw('POST /other HTTP/1.1\r\nHost: example\r\nContent-Length: 0\r\n\r\nPOST /other HTTP/1.1\r\nHost: example\r\nContent-Length: 0\r\n\r\n');
    const answers = (await received).match(/HTTP\/1\.1 200/g) ?? [];
    expect(answers).toHaveLength(1);
    expect(s.handledCount()).toBe(1);
    expect(await stopped).toBe('drained');
  });

  it('cuts off what still runs after the grace period, and says so', async () => {
    const s = await serve({ drainMs: 0, graceMs: 200 });
    const slow = s.get('/slow');
    await s.until(() => s.arrivedCount() === 1);
    expect(await s.lifecycle.stop(s.server)).toBe('cut');
    await expect(slow).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('when the grace period runs out, interrupts the work still under way, and only that work', async () => {
    const s = await serve({ drainMs: 0, graceMs: 200 });
    const interrupted: string[] = [];
    void finishBeforeStop(Promise.resolve(), () => interrupted.push('finished'));
    void finishBeforeStop(new Promise(() => undefined), () => interrupted.push('under way'));
    void finishBeforeStop(new Promise(() => undefined)); // no way to interrupt it: cut off with the process
    let failing!: () => void;
    const failed = new Promise<void>((resolve) => (failing = resolve));
    void finishBeforeStop(new Promise(() => undefined), async () => {
      failing();
      throw new Error('the database is gone');
    });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await s.lifecycle.stop(s.server)).toBe('cut');
      await failed;
      expect(interrupted).toEqual(['under way']);
      // One interruption that fails neither hides the others nor keeps the stop from ending.
      expect(logged).toHaveBeenCalledWith('Could not interrupt work under way:', expect.objectContaining({ message: 'the database is gone' }));
    } finally {
      logged.mockRestore();
    }
  });

  it('waits no longer than INTERRUPT_MS for an interruption that hangs', async () => {
    const s = await serve({ drainMs: 0, graceMs: 100 });
    void finishBeforeStop(new Promise(() => undefined), () => new Promise(() => undefined));
    // Within the test's time limit, which a stop waiting for the interruption would overrun.
    expect(await s.lifecycle.stop(s.server)).toBe('cut');
  }, INTERRUPT_MS + 5_000);

  it('a second stop does not start another: it answers the first one\'s outcome', async () => {
    const s = await serve({ drainMs: 0 });
    const first = s.lifecycle.stop(s.server);
    expect(s.lifecycle.stop(s.server)).toBe(first);
    expect(await first).toBe('drained');
  });
});
