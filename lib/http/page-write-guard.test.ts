import { afterEach, describe, expect, it } from 'vitest';
import { refusePageWrite, SERVER_ACTION_BODY_LIMIT } from './page-write-guard.mjs';
import { crossOriginReason } from './same-origin.mjs';

const headers = (values: Record<string, string>) => new Headers(values);
const action = (values: Record<string, string>) =>
  refusePageWrite('POST', '/systems', headers({ host: 'localhost:3000', 'next-action': '7f00', 'content-length': '120', ...values }));

afterEach(() => {
  delete process.env.TRUSTED_PROXY_HOPS;
});

describe('server.mjs guard for server actions (Next answers these with a 500)', () => {
  it('refuses a null, unparsable, foreign or missing Origin with 403 before Next sees the request', () => {
    for (const origin of ['null', 'garbage', 'http://evil.example', 'http://localhost:3000.evil.example']) {
      expect(action({ origin })).toMatchObject({ status: 403, code: 'forbidden' });
    }
    expect(refusePageWrite('POST', '/systems', headers({ host: 'localhost:3000', 'content-length': '1' }))).toMatchObject({ status: 403 });
  });

  it('refuses a body without a length (411) or over the server-action limit (413), and lets a same-origin action through', () => {
    const same = { origin: 'http://localhost:3000' };
    expect(refusePageWrite('POST', '/systems', headers({ host: 'localhost:3000', ...same }))).toMatchObject({ status: 411 });
    expect(action({ ...same, 'content-length': String(SERVER_ACTION_BODY_LIMIT + 1) })).toMatchObject({ status: 413, code: 'too_large' });
    expect(action(same)).toBeNull();
  });

  it('leaves reads and the API (which checks for itself) alone', () => {
    expect(refusePageWrite('GET', '/systems', headers({ origin: 'null' }))).toBeNull();
    expect(refusePageWrite('POST', '/api/v1/systems', headers({ origin: 'null' }))).toBeNull();
    expect(refusePageWrite('POST', '/api/auth/callback/credentials', headers({}))).toBeNull();
  });
});

describe('crossOriginReason', () => {
  it('believes X-Forwarded-Host only when TRUSTED_PROXY_HOPS says a proxy sets it', () => {
    const behindProxy = { origin: 'https://provenant.example', host: '10.0.0.5:3000', 'x-forwarded-host': 'provenant.example' };
    expect(crossOriginReason(headers(behindProxy))).toMatch(/does not match/);
    expect(crossOriginReason(headers({ ...behindProxy, origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' }))).toMatch(/does not match/);
    process.env.TRUSTED_PROXY_HOPS = '1';
    expect(crossOriginReason(headers(behindProxy))).toBeNull();
    expect(crossOriginReason(headers({ ...behindProxy, 'x-forwarded-host': 'evil.example, provenant.example' }))).toBeNull();
    expect(crossOriginReason(headers({ ...behindProxy, 'x-forwarded-host': 'provenant.example, evil.example' }))).toMatch(/does not match/);
  });

  it('matches hosts case-insensitively and ports exactly', () => {
    expect(crossOriginReason(headers({ origin: 'http://LOCALHOST:3000', host: 'localhost:3000' }))).toBeNull();
    expect(crossOriginReason(headers({ origin: 'http://localhost:3001', host: 'localhost:3000' }))).toMatch(/does not match/);
  });
});
