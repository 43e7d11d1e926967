import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, newNonce } from '@/lib/auth/content-security-policy';

const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];
const PUBLIC_PAGES = /^\/(login|status)(\/|$)/;

function withPolicy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development' });
  // Next reads the nonce from the request's CSP header and puts it on the scripts it renders.
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return response;
}

/**
 * Gives every page its Content-Security-Policy and nonce, and, for convenience only, sends pages without a
 * session cookie to sign-in. It is never the security check: every page, action and route handler authenticates
 * and authorises in the code that does the work.
 */
export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (hasSession || PUBLIC_PAGES.test(request.nextUrl.pathname)) return withPolicy(request);
  const url = request.nextUrl.clone();
  url.pathname = '/login';
  url.search = request.nextUrl.pathname === '/' ? '' : `?callbackUrl=${encodeURIComponent(request.nextUrl.pathname + request.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // Pages only: the API, Next's static files and the files in public/ carry the static headers of next.config.js.
  matcher: ['/((?!api/|_next/|icons/|.*\\.(?:ico|png|svg|txt|webmanifest)$).*)'],
};
