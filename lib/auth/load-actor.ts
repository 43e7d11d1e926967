import 'server-only';
import { eq } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { userRoles, users } from '@/db/schema';
import { isTemporaryPassword } from '@/db/schema/vocabulary';
import type { Actor } from './actor';
import type { RequestMeta } from './request-meta';

/** Reads the user and roles afresh: disabling a user or removing a role takes effect on the next request. */
export async function loadUserActor(userId: string, meta: RequestMeta): Promise<Actor | null> {
  const db = getDb();
  const user = first(await db.select().from(users).where(eq(users.id, userId)).limit(1));
  if (!user || user.disabled) return null;
  const roles = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId));
  return {
    type: 'user',
    userId: user.id,
    email: user.email,
    name: user.name,
    roles: roles.map((r) => r.role),
    ...(isTemporaryPassword(user.passwordSetBy) ? { mustChoosePassword: true as const } : {}),
    ...meta,
  };
}
