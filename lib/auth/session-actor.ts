import 'server-only';
import { getServerSession } from 'next-auth';
import type { Actor } from './actor';
import { loadUserActor } from './load-actor';
import { authOptions } from './options';
import { requestMetaFrom } from './request-meta';

/** A read-only request: the session cannot refresh its cookie from a server component anyway. */
const NO_RESPONSE = { getHeader() {}, setHeader() {}, setCookie() {} };

/**
 * The person a request's session cookie names, or null: no cookie, a cookie that does not decrypt, a session that
 * has ended or expired (the jwt callback checks its row), or an unknown or disabled user. Never throws for a cookie.
 * A person whose password an administrator set holds no role until they choose their own.
 */
export async function actorFromSession(request: { headers: Headers; cookies: Record<string, string> }): Promise<Actor | null> {
  const req = { headers: Object.fromEntries(request.headers), cookies: request.cookies };
  const session = (await getServerSession(req as never, NO_RESPONSE as never, authOptions())) as { userId?: unknown; sid?: unknown } | null;
  if (typeof session?.userId !== 'string' || typeof session.sid !== 'string') return null;
  const actor = await loadUserActor(session.userId, requestMetaFrom(request.headers));
  if (!actor) return null;
  // A temporary password opens a session that may only choose the person's own: no role, so every verb refuses.
  return { ...actor, sessionId: session.sid, ...(actor.mustChoosePassword ? { roles: [] } : {}) };
}
