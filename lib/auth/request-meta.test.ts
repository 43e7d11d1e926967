import { afterEach, describe, expect, it } from 'vitest';
import { requestMetaFrom } from './request-meta';

const headers = (values: Record<string, string>) => new Headers(values);

describe('requestMetaFrom', () => {
  afterEach(() => {
    delete process.env.TRUSTED_PROXY_HOPS;
  });

  it('reads an IPv4 client on a dual-stack socket as its IPv4 address, and leaves real IPv6 as it is', () => {
    expect(requestMetaFrom(headers({ 'x-provenant-peer': '::ffff:127.0.0.1' })).ip).toBe('127.0.0.1');
    expect(requestMetaFrom(headers({ 'x-provenant-peer': '::FFFF:192.0.2.10' })).ip).toBe('192.0.2.10');
    expect(requestMetaFrom(headers({ 'x-provenant-peer': '2001:db8::1' })).ip).toBe('2001:db8::1');
    expect(requestMetaFrom(headers({ 'x-provenant-peer': '::ffff:c000:20a' })).ip).toBe('::ffff:c000:20a');
    expect(requestMetaFrom(headers({})).ip).toBeNull();
  });

  it('takes the client from the trusted proxy’s X-Forwarded-For entry only when told how many proxies there are', () => {
    const sent = headers({ 'x-provenant-peer': '::ffff:10.0.0.5', 'x-forwarded-for': '203.0.113.9, ::ffff:198.51.100.7' });
    expect(requestMetaFrom(sent).ip).toBe('10.0.0.5');
    process.env.TRUSTED_PROXY_HOPS = '1';
    expect(requestMetaFrom(sent).ip).toBe('198.51.100.7');
  });
});
