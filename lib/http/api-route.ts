import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import type { Actor } from '@/lib/auth/actor';
import { authenticateBearer } from '@/lib/auth/api-tokens';
import { currentActor } from '@/lib/auth/session';
import { requestMetaFrom } from '@/lib/auth/request-meta';
import { Forbidden, Invalid, Unauthenticated } from '@/lib/errors';
import { wasExisting } from '@/lib/idempotent';
import { parseInput, toDomainError } from './to-domain-error';

type RouteContext = { params: Promise<Record<string, string | string[]>> };

type HandlerArgs<B, Q> = { actor: Actor; body: B; query: Q; params: Record<string, string>; request: NextRequest };

type RouteOptions<BS extends z.ZodType | undefined, QS extends z.ZodType | undefined> = {
  body?: BS;
  query?: QS;
  /** Status of a successful answer (201 for creates). */
  status?: number;
};

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function authenticate(request: NextRequest): Promise<Actor> {
  const authorization = request.headers.get('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) throw new Unauthenticated('The Authorization header must be "Bearer <token>".');
    return authenticateBearer(match[1], requestMetaFrom(request.headers));
  }
  const actor = await currentActor();
  if (!actor) throw new Unauthenticated();
  if (WRITE_METHODS.has(request.method)) assertSameOrigin(request);
  return actor;
}

/** Session-authenticated writes must come from our own pages (CSRF); bearer calls carry no ambient credentials. */
function assertSameOrigin(request: NextRequest) {
  const origin = request.headers.get('origin');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (!origin || !host || new URL(origin).host !== host) throw new Forbidden('Cross-origin write refused.');
}

async function readJson(request: NextRequest): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new Invalid('The request body is not valid JSON.');
  }
}

export function errorResponse(error: unknown): NextResponse {
  const mapped = toDomainError(error);
  if (!mapped) {
    console.error(error);
    return NextResponse.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, { status: 500 });
  }
  const body = { code: mapped.code, message: mapped.message, ...(mapped.issues ? { issues: mapped.issues } : {}) };
  return NextResponse.json({ error: body }, { status: mapped.status });
}

/** Wraps a route handler: authenticate (token or session), parse with zod, run, map errors once. */
export function apiRoute<BS extends z.ZodType | undefined = undefined, QS extends z.ZodType | undefined = undefined>(
  options: RouteOptions<BS, QS>,
  handler: (args: HandlerArgs<Out<BS>, Out<QS>>) => unknown,
) {
  return async (request: NextRequest, context: RouteContext) => {
    try {
      const actor = await authenticate(request);
      const params = Object.fromEntries(
        Object.entries((await context.params) ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : v]),
      );
      const query = options.query
        ? parseInput(options.query, Object.fromEntries(request.nextUrl.searchParams))
        : undefined;
      const body = options.body ? parseInput(options.body, await readJson(request)) : undefined;
      const result = await handler({ actor, body: body as Out<BS>, query: query as Out<QS>, params, request });
      if (result instanceof Response) return result;
      return NextResponse.json(result, { status: wasExisting(result) ? 200 : (options.status ?? 200) });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
