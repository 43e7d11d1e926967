import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { first, getDb, type Tx } from '@/db';
import { ROLES, userRoles, users, type Role } from '@/db/schema';
import { nocase } from '@/lib/db-helpers';
import { rolesWith, type Permission } from '@/lib/auth/permissions';

const holds = (permission: Permission) => and(eq(users.disabled, false), inArray(userRoles.role, rolesWith(permission)));

/** Active people holding a role with `permission`, in name order: who may be chosen for work that needs it. */
export async function peopleWhoMay(permission: Permission) {
  return await getDb().selectDistinct({ id: users.id, name: users.name, email: users.email }).from(users).innerJoin(userRoles, eq(userRoles.userId, users.id)).where(holds(permission)).orderBy(nocase(users.name));
}

/** The active person `userId` if they hold a role with `permission`, else undefined. */
export async function personWhoMay(userId: string, permission: Permission, tx: Tx = getDb()) {
  return first(await tx.select({ id: users.id, name: users.name }).from(users).innerJoin(userRoles, eq(userRoles.userId, users.id)).where(and(eq(users.id, userId), holds(permission))).limit(1));
}

/** Active people holding any of `roles`, in the transaction given: whom a request for those roles' signatures concerns. */
export async function activePeopleInRoles(roles: readonly string[], tx: Tx = getDb()) {
  const known = roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role));
  if (known.length === 0) return [];
  return await tx.selectDistinct({ id: users.id }).from(users).innerJoin(userRoles, eq(userRoles.userId, users.id)).where(and(eq(users.disabled, false), inArray(userRoles.role, known)));
}
