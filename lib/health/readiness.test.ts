import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { GET } from '@/app/api/health/ready/route';
import { S3_TEST_BUCKET } from '@/vitest.s3-setup';
import { closeConnection, databaseReady } from '@/db';
import { stoppable } from '@/lib/http/graceful-stop.mjs';
import { onPostgres } from '@/lib/testing-sql';
import { ANSWER_REUSED_MS, checkReadiness, forgetReadiness } from './readiness';
import { scratchDir } from '@/lib/testing-scratch';

const CHANGED = ['BLOB_STORE', 'S3_ENDPOINT', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'DATA_DIR', 'DATABASE_URL'];
// Taken before each test, not at import: vitest.setup.ts sets this file's DATA_DIR in its beforeAll, after the import.
let saved: Record<string, string | undefined> = {};
beforeEach(() => {
  saved = Object.fromEntries(CHANGED.map((name) => [name, process.env[name]]));
  forgetReadiness();
});
afterEach(async () => {
  for (const name of CHANGED) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  closeConnection();
  await databaseReady();
});

/** A path under a regular file: nothing can be created there (ENOTDIR), as on a lost or read-only volume. */
function unusableDir() {
  const file = path.join(scratchDir('provenant-ready-'), 'a-file');
  fs.writeFileSync(file, '');
  return path.join(file, 'data');
}

function useS3(endpoint: string) {
  process.env.BLOB_STORE = `s3://${S3_TEST_BUCKET}/readiness`;
  process.env.S3_ENDPOINT = endpoint;
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
}

describe('GET /api/health/ready', () => {
  it('answers 503 "stopping" once the server has begun to stop, however healthy the database and the store', async () => {
    const lifecycle = stoppable(() => undefined, { drainMs: 0 });
    const server = http.createServer(lifecycle.handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      expect((await GET()).status).toBe(200);
      expect(await lifecycle.stop(server)).toBe('drained');
      const response = await GET();
      expect(response.status).toBe(503);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual({ status: 'stopping' });
    } finally {
      // The stop is the process's (a global): the other tests here run in a serving one.
      delete (globalThis as Record<symbol, unknown>)[Symbol.for('provenant.stop')];
    }
  });

  it('answers 200 when the database and the local store answer, with nothing but the checks', async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ status: 'ready', checks: { database: 'ok', store: 'ok' } });
  });

  it('answers 503 naming the store when uploads cannot be staged under DATA_DIR, and does not say why', async () => {
    await databaseReady();
    process.env.DATA_DIR = unusableDir();
    const response = await GET();
    expect(response.status).toBe(503);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ status: 'unavailable', checks: { database: 'ok', store: 'failed' } });
    expect(body).not.toContain('a-file');
  });

  it('lets concurrent callers share one check and reuses its answer for a second, so a flood of probes opens no flood of connections', async () => {
    const checks = Array.from({ length: 50 }, () => checkReadiness());
    expect(new Set(checks).size).toBe(1);
    expect((await checks[0]!).ready).toBe(true);
    expect(checkReadiness()).toBe(checks[0]);
    // The answer is reused even when the store has gone meanwhile, until it is a second old.
    process.env.DATA_DIR = unusableDir();
    expect((await checkReadiness()).ready).toBe(true);
    const later = performance.now() + ANSWER_REUSED_MS;
    vi.spyOn(performance, 'now').mockReturnValue(later);
    try {
      const next = checkReadiness();
      expect(next).not.toBe(checks[0]);
      expect((await next).checks.store).toBe('failed');
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('answers 503 naming the database when it cannot be reached', async () => {
    closeConnection();
    if (onPostgres) process.env.DATABASE_URL = 'postgres://provenant:wrong@127.0.0.1:1/provenant';
    else process.env.DATA_DIR = unusableDir();
    const readiness = await checkReadiness();
    expect(readiness.checks.database).toBe('failed');
    expect(readiness.ready).toBe(false);
  });

  it('checks the object store when BLOB_STORE names one: ready on a live bucket, failed on a closed port', async () => {
    useS3(inject('s3Endpoint'));
    expect(await checkReadiness()).toEqual({ ready: true, checks: { database: 'ok', store: 'ok' } });
    useS3('http://127.0.0.1:1');
    forgetReadiness();
    expect((await checkReadiness()).checks.store).toBe('failed');
  });

  it('counts a store that accepts the connection but never answers as failed, within the timeout', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      useS3(`http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`);
      const started = performance.now();
      expect(await checkReadiness(300)).toEqual({ ready: false, checks: { database: 'ok', store: 'failed' } });
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});
