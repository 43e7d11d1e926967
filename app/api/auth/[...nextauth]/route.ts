import NextAuth from 'next-auth';
import { NextRequest } from 'next/server';
import { authOptions } from '@/lib/auth/options';
import { errorResponse } from '@/lib/http/api-route';
import { readBodyBytes } from '@/lib/http/read-json-body';
import { Invalid } from '@/lib/errors';

/** A sign-in form is a few hundred bytes: anything near this is not one. */
const AUTH_BODY_LIMIT = 16 * 1024;

/**
 * next-auth reads the whole body and answers a 500 when JSON does not parse: bound it (413) and check it (400)
 * first, then hand next-auth the same bytes. Options are built per call so `next build` never opens the database.
 */
async function handler(request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) {
  try {
    let checked = request;
    if (request.method === 'POST') {
      // Decoded as next-auth would decode it: bytes that are not UTF-8 become U+FFFD before anything reads them.
      const body = new TextDecoder().decode(await readBodyBytes(request, AUTH_BODY_LIMIT));
      if (request.headers.get('content-type')?.includes('application/json')) assertJson(body);
      checked = new NextRequest(request.url, { method: 'POST', headers: request.headers, body });
    }
    return await NextAuth(checked as never, context as never, authOptions());
  } catch (error) {
    return errorResponse(error);
  }
}

function assertJson(body: string) {
  try {
    JSON.parse(body);
  } catch {
    throw new Invalid('The request body is not valid JSON.');
  }
}

export { handler as GET, handler as POST };
