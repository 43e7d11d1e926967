import 'server-only';
import { NextRequest, NextResponse } from 'next/server';
import { z } from 'zod';
import { maxUploadBytes } from '@/lib/storage/blob-store/stage-blob';
import type { Actor } from '@/lib/auth/actor';
import { authenticateBearer } from '@/lib/auth/api-tokens';
import { assertCan, type Permission, TEMPORARY_PASSWORD_REFUSAL } from '@/lib/auth/permissions';
import { currentActor } from '@/lib/auth/session';
import { requestMetaFrom } from '@/lib/auth/request-meta';
import { Forbidden, Invalid, Unauthenticated } from '@/lib/errors';
import { wasExisting } from '@/lib/idempotent';
import { callerKeyOf, claimIdempotencyKey, hashWhileReading, idempotencyKeyOf, readToEnd, releaseIdempotencyKey, requestHasher, settleIdempotencyKey, type IdempotencyClaim } from './idempotency';
import { assertJsonContentType, DEFAULT_JSON_BODY_LIMIT, parseJsonBody, readBodyBytes } from './read-json-body';
import { crossOriginReason } from './same-origin.mjs';
import { parseInput, toDomainError } from './to-domain-error';
import { illFormedQueryIssues, textProblem } from './well-formed';

type RouteContext = { params: Promise<Record<string, string | string[]>> };

type HandlerArgs<B, Q> = { actor: Actor; body: B; query: Q; params: Record<string, string>; request: NextRequest };

type RouteOptions<BS extends z.ZodType | undefined, QS extends z.ZodType | undefined> = {
  body?: BS;
  query?: QS;
  /** Status of a successful answer (201 for creates). */
  status?: number;
  /** Largest JSON body accepted, in bytes (default DEFAULT_JSON_BODY_LIMIT); larger ones are refused with 413 unread. */
  maxBodyBytes?: number;
  /**
   * The verb's role check, made before the body is read so a caller who may not act learns 403, not 400 (DESIGN:
   * authorisation first). No resource here: an 'own' reach passes and the verb still checks ownership.
   */
  permission?: Permission;
};

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Bearer calls carry no ambient credentials; session writes must come from our own pages (CSRF). */
async function authenticate(request: NextRequest): Promise<Actor> {
  const authorization = request.headers.get('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) throw new Unauthenticated('The Authorization header must be "Bearer <token>".');
    return await authenticateBearer(match[1], requestMetaFrom(request.headers));
  }
  const crossOrigin = WRITE_METHODS.has(request.method) ? crossOriginReason(request.headers) : null;
  if (crossOrigin && request.headers.has('origin')) throw new Forbidden(`Cross-origin write refused: ${crossOrigin}`);
  const actor = await currentActor();
  if (!actor) throw new Unauthenticated();
  if (crossOrigin) throw new Forbidden(`Cross-origin write refused: ${crossOrigin}`);
  if (actor.mustChoosePassword) throw new Forbidden(TEMPORARY_PASSWORD_REFUSAL);
  return actor;
}

/** Path parameters and the raw query string must be well-formed text before anything reads them. */
function urlParams(request: NextRequest, raw: Record<string, string | string[]>): Record<string, string> {
  const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : v]));
  const issues = illFormedQueryIssues(request.nextUrl.search);
  for (const [name, value] of Object.entries(params)) {
    const problem = textProblem(value);
    if (problem) issues.push({ path: name, message: `The path segment ${problem}.` });
  }
  if (issues.length > 0) throw new Invalid('The URL holds text that cannot be accepted.', issues);
  return params;
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

/** Keeps the first successful answer to a keyed POST and releases the key of any other; if keeping fails, the key expires. */
async function settle(claim: IdempotencyClaim, response: Response, requestSha256: () => Promise<string>) {
  try {
    if (response.status < 200 || response.status >= 300) return await releaseIdempotencyKey(claim);
    await settleIdempotencyKey(claim, { status: response.status, body: await response.clone().text() }, await requestSha256());
  } catch (error) {
    console.error(error);
  }
}

/** `?b=2&a=1` as `?a=1&b=2` (a name's repeated values keep their order): one request, however its query is written. */
function queryInKeyOrder(params: URLSearchParams) {
  const sorted = new URLSearchParams([...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return sorted.size ? `?${sorted}` : '';
}

/** Wraps a route handler: authenticate (token or session), parse with zod, run once per Idempotency-Key, map errors once. */
export function apiRoute<BS extends z.ZodType | undefined = undefined, QS extends z.ZodType | undefined = undefined>(
  options: RouteOptions<BS, QS>,
  handler: (args: HandlerArgs<Out<BS>, Out<QS>>) => unknown,
) {
  return async (request: NextRequest, context: RouteContext) => {
    let claim: IdempotencyClaim | null = null;
    // The query is part of what was asked (`?dryRun=true` checks, without it the same body writes): a key covers both,
    // whatever order a retry writes the parameters in.
    const target = request.nextUrl.pathname + queryInKeyOrder(request.nextUrl.searchParams);
    const hash = requestHasher(request.method, target, request.headers.get('content-type'));
    let requestSha256: string | null = null;
    let handlerRequest = request;
    let response: Response;
    try {
      const actor = await authenticate(request);
      if (options.permission) assertCan(actor, options.permission);
      const params = urlParams(request, (await context.params) ?? {});
      const query = options.query ? parseInput(options.query, Object.fromEntries(request.nextUrl.searchParams)) : undefined;
      const key = request.method === 'POST' ? idempotencyKeyOf(request) : null;
      let body: unknown;
      if (options.body) {
        assertJsonContentType(request.headers.get('content-type'));
        const bytes = await readBodyBytes(request, options.maxBodyBytes ?? DEFAULT_JSON_BODY_LIMIT);
        body = parseInput(options.body, parseJsonBody(bytes));
        hash.update(bytes);
        requestSha256 = hash.digest();
      } else if (key && request.body) {
        const init = { method: request.method, headers: request.headers, body: hashWhileReading(request.body, hash), duplex: 'half' };
        handlerRequest = new NextRequest(request.url, init as ConstructorParameters<typeof NextRequest>[1]);
      } else if (key) requestSha256 = hash.digest();
      if (key) {
        const wanted = { callerKey: callerKeyOf(actor), key, method: request.method, path: target };
        const stored = await claimIdempotencyKey(wanted, requestSha256, async () => {
          await readToEnd(handlerRequest.body, maxUploadBytes());
          return hash.digest();
        });
        if (stored) return new NextResponse(stored.body, { status: stored.status, headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' } });
        claim = wanted;
      }
      const result = await handler({ actor, body: body as Out<BS>, query: query as Out<QS>, params, request: handlerRequest });
      response = result instanceof Response ? result : NextResponse.json(result, { status: wasExisting(result) ? 200 : (options.status ?? 200) });
    } catch (error) {
      response = errorResponse(error);
    }
    if (claim) {
      await settle(claim, response, async () => {
        if (requestSha256) return requestSha256;
        if (!handlerRequest.bodyUsed) await readToEnd(handlerRequest.body, maxUploadBytes());
        return hash.digest();
      });
    }
    return response;
  };
}
