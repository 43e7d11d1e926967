import type { LoggerInstance } from 'next-auth';

/** Thrown by the jwt callback for a cookie whose session row has ended, expired or never existed. */
export class SessionNotLive extends Error {
  constructor() {
    super('The session has ended.');
    this.name = 'SessionNotLive';
  }
}

/** jose's errors (ERR_JOSE_*, ERR_JWE_*, ERR_JWT_*: the cookie is not ours or has expired), and next-auth's own for an empty payload. */
const isUnreadableCookie = (error: unknown) =>
  error instanceof Error && (/^ERR_J(OSE|WE|WS|WT)_/.test(String((error as { code?: unknown }).code)) || error.message === 'JWT invalid');

/**
 * next-auth logs every unreadable session cookie with a full stack, once per request: anyone can fill the log.
 * An ended session is routine (nothing is logged); an undecryptable cookie gets one short line; the rest as usual.
 */
export const authLogger: LoggerInstance = {
  error(code, metadata) {
    if (metadata instanceof SessionNotLive) return;
    if ((code === 'JWT_SESSION_ERROR' || code === 'SIGNOUT_ERROR') && isUnreadableCookie(metadata)) {
      console.warn(`[auth] ${code}: a session cookie that does not decrypt was refused and cleared.`);
      return;
    }
    console.error(`[auth] ${code}`, metadata);
  },
  warn(code) {
    console.warn(`[auth] ${code}`);
  },
  debug() {},
};
