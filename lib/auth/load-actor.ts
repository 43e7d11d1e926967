import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { userRoles, users } from '@/db/schema';
import type { Actor } from './actor';
import type { RequestMeta } from './request-meta';

/** Reads the user and roles afresh: disabling a user or removing a role takes effect on the next request. */
export function loadUserActor(userId: string, meta: RequestMeta): Actor | null {
  const db = getDb();
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user || user.disabled) return null;
  const roles = db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)).all();
  return {
    type: 'user',
    userId: user.id,
    email: user.email,
    name: user.name,
    roles: roles.map((r) => r.role),
    ...meta,
  };
}
