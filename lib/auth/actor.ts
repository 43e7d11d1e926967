import type { ApiTokenScope, Role } from '@/db/schema';

/** Who is acting, with the request facts the audit trail records. Roles are read from the database per request. */
export type Actor = {
  type: 'user' | 'token';
  userId: string;
  email: string;
  name: string;
  roles: Role[];
  tokenId?: string;
  scopes?: ApiTokenScope[];
  /** The browser session's row, for a person signed in (what "end my other sessions" keeps). */
  sessionId?: string;
  /**
   * Signed in with a temporary password an administrator chose: such a session holds no role (every verb refuses)
   * until the person chooses their own password.
   */
  mustChoosePassword?: true;
  ip: string | null;
  userAgent: string | null;
};

/** The CLI and the seed act as the system itself, outside any session. */
export type SystemActor = { type: 'system'; label: string; ip?: string | null; userAgent?: string | null };

export type AuditActor = Actor | SystemActor;

export const systemActor = (label: string): SystemActor => ({ type: 'system', label });
