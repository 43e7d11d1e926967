import { describe, expect, it } from 'vitest';
import { safeCallbackPath, sameOriginRedirect } from './callback-url';
import { authOptions } from './options';

/** Each is how an attacker writes another site so that a naive "starts with /" check lets it through. */
const OFF_SITE = [
  '//evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/\\/evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/.//evil.example',
  '/..//evil.example',
  ' //evil.example',
  'https://evil.example',
  'HTTPS://evil.example/x',
  'http:evil.example',
  '//evil.example@provenant.invalid',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '',
];

describe('safeCallbackPath', () => {
  it('keeps paths on this site, with their query and fragment', () => {
    expect(safeCallbackPath('/systems')).toBe('/systems');
    expect(safeCallbackPath('/systems?q=credit&page=2#top')).toBe('/systems?q=credit&page=2#top');
    expect(safeCallbackPath('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
    expect(safeCallbackPath('/%5Cevil.example')).toBe('/%5Cevil.example');
  });

  it('sends every off-site or non-path form home', () => {
    for (const raw of OFF_SITE) expect(safeCallbackPath(raw), JSON.stringify(raw)).toBe('/');
    for (const raw of [undefined, null, 42, ['/systems'], { toString: () => '/x' }]) expect(safeCallbackPath(raw)).toBe('/');
  });

  it('reads the callbackUrl of /login?callbackUrl=/%5Cevil.example as the page receives it (decoded)', () => {
    const received = new URL('http://localhost/login?callbackUrl=/%5Cevil.example').searchParams.get('callbackUrl');
    expect(received).toBe('/\\evil.example');
    expect(safeCallbackPath(received)).toBe('/');
    const doubly = new URL('http://localhost/login?callbackUrl=%2F%255Cevil.example').searchParams.get('callbackUrl');
    expect(new URL(safeCallbackPath(doubly), 'http://localhost').host).toBe('localhost');
  });

  it('never yields a path that a browser resolves off-site', () => {
    const attempts = [...OFF_SITE, '/ok', '/a/../b', '/./x', '/%09/evil.example', '/x?next=//evil.example'];
    for (const raw of attempts) expect(new URL(safeCallbackPath(raw), 'https://provenant.example').host).toBe('provenant.example');
  });
});

describe("next-auth's redirect callback", () => {
  const baseUrl = 'http://localhost:3000';
  const redirect = (url: string) => authOptions().callbacks!.redirect!({ url, baseUrl }) as string;

  it('follows same-origin URLs and paths only', () => {
    expect(redirect('/login')).toBe('http://localhost:3000/login');
    expect(redirect('http://localhost:3000/systems?q=a')).toBe('http://localhost:3000/systems?q=a');
    expect(sameOriginRedirect('/approvals', baseUrl)).toBe('http://localhost:3000/approvals');
    for (const url of [...OFF_SITE, 'http://localhost:3001/x', 'http://localhost:3000.evil.example/']) {
      expect(redirect(url), JSON.stringify(url)).toBe('http://localhost:3000/');
    }
  });
});
