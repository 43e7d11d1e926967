import { createRequire } from 'node:module';
import { NextRequest } from 'next/server';
import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server';
import { describe, expect, it } from 'vitest';
import { config, proxy } from '@/proxy';

type HeaderRule = { source: string; headers: { key: string; value: string }[] };
const nextConfig = createRequire(import.meta.url)('../../next.config.js') as { headers: () => Promise<HeaderRule[]> };

const page = (path: string, cookie?: string) => new NextRequest(`http://localhost:3000${path}`, { headers: cookie ? { cookie } : {} });
const directives = (policy: string) => new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
/** What NextResponse.next({ request: { headers } }) hands on to the page's render. */
const forwarded = (response: Response, name: string) => response.headers.get(`x-middleware-request-${name}`);

describe('proxy: Content-Security-Policy of pages', () => {
  it('gives each page response a fresh nonce, in its CSP and in the request headers Next renders with', () => {
    const first = proxy(page('/systems', 'next-auth.session-token=x'));
    const second = proxy(page('/systems', 'next-auth.session-token=x'));
    const policy = first.headers.get('content-security-policy')!;
    const nonce = forwarded(first, 'x-nonce')!;
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(forwarded(second, 'x-nonce')).not.toBe(nonce);
    expect(forwarded(first, 'content-security-policy')).toBe(policy);
    const csp = directives(policy);
    expect(csp.get('script-src')).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(csp.get('style-src-elem')).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(policy).not.toMatch(/unsafe-eval/);
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('covers the sign-in and status pages too, and still sends pages without a session cookie to sign-in', () => {
    for (const path of ['/login', '/login?callbackUrl=%2Fsystems', '/status']) {
      const response = proxy(page(path));
      expect(response.headers.get('location'), path).toBeNull();
      expect(response.headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'none'/);
    }
    const redirected = proxy(page('/systems?q=a'));
    expect(redirected.status).toBe(307);
    expect(redirected.headers.get('location')).toBe('http://localhost:3000/login?callbackUrl=%2Fsystems%3Fq%3Da');
    for (const path of ['/', '/login', '/status', '/systems', '/does-not-exist']) expect(unstable_doesMiddlewareMatch({ config, url: path }), path).toBe(true);
    for (const path of ['/api/v1/systems', '/api/auth/session', '/_next/static/chunks/a.js', '/robots.txt']) expect(unstable_doesMiddlewareMatch({ config, url: path }), path).toBe(false);
  });
});

describe('next.config.js: static headers', () => {
  it('sends nosniff, a referrer policy and no framing everywhere, and a CSP that allows nothing on API answers', async () => {
    const rules = await nextConfig.headers();
    const all = rules.find((r) => r.source === '/:path*')!.headers;
    expect(all).toEqual(expect.arrayContaining([
      { key: 'X-Content-Type-Options', value: 'nosniff' },
      { key: 'Referrer-Policy', value: 'same-origin' },
      { key: 'X-Frame-Options', value: 'DENY' },
    ]));
    const api = directives(rules.find((r) => r.source === '/api/:path*')!.headers.find((h) => h.key === 'Content-Security-Policy')!.value);
    expect(api.get('default-src')).toEqual(["'none'"]);
    expect(api.get('frame-ancestors')).toEqual(["'none'"]);
  });
});
