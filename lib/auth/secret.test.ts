import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataDir } from '@/lib/config';
import { onPostgres } from '@/lib/testing-sql';
import { authSecret } from './secret';

const given = process.env.NEXTAUTH_SECRET;
afterEach(() => {
  if (given === undefined) delete process.env.NEXTAUTH_SECRET;
  else process.env.NEXTAUTH_SECRET = given;
});

describe.runIf(onPostgres)('the session secret on PostgreSQL (replicas)', () => {
  it('must be given, the same on every replica: none, or one too short to key HMAC-SHA256, stops the server', () => {
    delete process.env.NEXTAUTH_SECRET;
    expect(() => authSecret()).toThrow(/NEXTAUTH_SECRET must be set to the same secret of at least 32 characters on every replica/);
    process.env.NEXTAUTH_SECRET = 'short-secret';
    expect(() => authSecret()).toThrow(/at least 32 characters/);
    expect(fs.existsSync(path.join(dataDir(), 'nextauth-secret'))).toBe(false);
    process.env.NEXTAUTH_SECRET = 'x'.repeat(32);
    expect(authSecret()).toBe('x'.repeat(32));
  });
});

describe.runIf(!onPostgres)('the session secret on SQLite', () => {
  it('is generated once, kept in DATA_DIR readable by the owner only, and NEXTAUTH_SECRET wins over it', () => {
    delete process.env.NEXTAUTH_SECRET;
    const first = authSecret();
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authSecret()).toBe(first);
    expect(fs.statSync(path.join(dataDir(), 'nextauth-secret')).mode & 0o777).toBe(0o600);
    process.env.NEXTAUTH_SECRET = 'given';
    expect(authSecret()).toBe('given');
  });
});
