import { describe, expect, it, vi } from 'vitest';
import { Invalid } from '@/lib/errors';
import { assertAllowedTargetUrl } from './target-url';

/** Names with fixed answers, so the resolve-then-check path is exercised without a network. */
const ANSWERS: Record<string, string[]> = {
  'inside.example': ['10.0.0.7'],
  'mixed.example': ['93.184.216.34', '::1'],
  'metadata.example': ['::ffff:169.254.169.254'],
  'public.example': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
};
vi.mock('node:dns/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:dns/promises')>();
  const lookup = (async (host: string, options: object) =>
    ANSWERS[host] ? ANSWERS[host].map((address) => ({ address, family: address.includes(':') ? 6 : 4 })) : actual.lookup(host, options as never)) as typeof actual.lookup;
  return { ...actual, default: { ...actual, lookup }, lookup };
});

async function refusal(url: string, allowPrivateNetwork = false) {
  try {
    await assertAllowedTargetUrl(url, allowPrivateNetwork);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(Invalid);
    const issues = (error as Invalid).issues ?? [];
    expect(issues.map((i) => i.path)).toEqual(['url']);
    return issues[0]!.message;
  }
}

const FORBIDDEN: [url: string, reason: RegExp][] = [
  ['http://127.0.0.1/hook', /loopback/],
  ['http://127.8.9.10/', /loopback/],
  ['http://2130706433/', /loopback/],
  ['http://0x7f.1/', /loopback/],
  ['http://017700000001/', /loopback/],
  ['http://127.1:8080/', /loopback/],
  ['http://[::1]/', /loopback/],
  ['http://localhost/', /loopback/],
  ['http://LOCALHOST./', /loopback/],
  ['http://api.localhost/', /loopback/],
  ['http://0.0.0.0/', /unspecified/],
  ['http://[::]/', /unspecified/],
  ['http://169.254.169.254/latest/meta-data/', /link-local/],
  ['http://[fe80::1]/', /link-local/],
  ['http://[febf::1]/', /link-local/],
  ['http://10.0.0.5/', /private/],
  ['http://172.16.0.1/', /private/],
  ['http://172.31.255.255/', /private/],
  ['http://192.168.1.1/', /private/],
  ['http://[fc00::1]/', /private/],
  ['http://[fd12:3456::1]/', /private/],
  ['http://[::ffff:127.0.0.1]/', /loopback/],
  ['http://[::ffff:7f00:1]/', /loopback/],
  ['http://[::ffff:169.254.169.254]/', /link-local/],
  ['http://[::ffff:10.1.2.3]/', /private/],
  ['http://[::127.0.0.1]/', /reserved/],
  ['http://[64:ff9b::a9fe:a9fe]/', /link-local/],
  ['http://[64:ff9b::127.0.0.1]/', /loopback/],
  ['http://[64:ff9b::a00:1]/', /private/],
  ['http://[64:ff9b:1::a9fe:a9fe]/', /private/],
  ['http://[2002:a9fe:a9fe::1]/', /link-local/],
  ['http://[2002:7f00:1::]/', /loopback/],
  ['http://[2002:c0a8:101:1::1]/', /private/],
  ['http://[2001:0:4136:e378:8000:63bf:5601:5601]/', /link-local/],
  ['http://224.0.0.1/', /reserved/],
];

describe('webhook target URL', () => {
  it.each(FORBIDDEN)('refuses %s on the url field', async (url, reason) => {
    expect(await refusal(url)).toMatch(reason);
  });

  it.each(FORBIDDEN)('allows %s when the admin allows the private network', async (url) => {
    expect(await refusal(url, true)).toBeNull();
  });

  it('accepts public addresses next to the private ranges', async () => {
    for (const url of ['https://93.184.216.34/hook', 'http://172.32.0.1/', 'http://11.0.0.1/', 'http://169.255.0.1/', 'https://[2606:4700::1111]/x', 'http://[::ffff:8.8.8.8]/', 'http://[64:ff9b::808:808]/', 'http://[2002:808:808::1]/']) {
      expect(await refusal(url), url).toBeNull();
    }
  });

  it('refuses other schemes, credentials and fragments, even with the private network allowed', async () => {
    expect(await refusal('ftp://93.184.216.34/', true)).toMatch(/http/);
    expect(await refusal('file:///etc/passwd', true)).toMatch(/http/);
    expect(await refusal('javascript:alert(1)', true)).toMatch(/http/);
    expect(await refusal('https://user:pw@93.184.216.34/', true)).toMatch(/password/);
    expect(await refusal('https://user@93.184.216.34/', true)).toMatch(/password/);
    expect(await refusal('https://93.184.216.34/hook#top', true)).toMatch(/fragment/);
    expect(await refusal('https://93.184.216.34/hook#', true)).toMatch(/fragment/);
    expect(await refusal('not a url', true)).toMatch(/full URL/);
  });

  it('refuses a name that resolves to a forbidden address (any one of its addresses), and one that does not resolve', async () => {
    expect(await refusal('https://inside.example/hook')).toMatch(/resolves to 10\.0\.0\.7, a private address/);
    expect(await refusal('https://mixed.example/hook')).toMatch(/resolves to ::1, a loopback address/);
    expect(await refusal('https://metadata.example/hook')).toMatch(/link-local/);
    expect(await refusal('https://public.example/hook')).toBeNull();
    expect(await refusal('https://inside.example/hook', true)).toBeNull();
    expect(await refusal('https://no-such-host.invalid/')).toMatch(/does not resolve/);
  });
});
