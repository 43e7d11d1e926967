import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { first, getDb, type Tx } from '@/db';
import { ROLES, userRoles, users, type Role } from '@/db/schema';
import { nocase } from '@/lib/db-helpers';
import { Forbidden } from '@/lib/errors';
import { rolesWith, type Permission } from '@/lib/auth/permissions';

const holds = (permission: Permission) => and(eq(users.disabled, false), inArray(userRoles.role, rolesWith(permission)));

/**
 * Active people holding a role with `permission`, in name order: who may be chosen for work that needs it. Each once
 * without DISTINCT, which PostgreSQL refuses beside an ORDER BY on an expression (the case-blind name).
 */
export async function peopleWhoMay(permission: Permission) {
  const holders = getDb().select({ userId: userRoles.userId }).from(userRoles).where(inArray(userRoles.role, rolesWith(permission)));
  return await getDb().select({ id: users.id, name: users.name, email: users.email }).from(users).where(and(eq(users.disabled, false), inArray(users.id, holders))).orderBy(nocase(users.name), users.id);
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

/** What a signing act needs its signer to hold: a role by name, or any role with a permission. */
export type Required = { permission: Permission } | { role: Role };

/**
 * In a signing transaction: the signer still holds `role` (or a role with `permission`), enabled, read now rather than
 * when their request began. A role removed or suspended while they typed their password signs nothing.
 */
export async function assertStillHolds(tx: Tx, userId: string, required: Required) {
  const holds = 'role' in required
    ? first(await tx.select({ id: users.id }).from(users).innerJoin(userRoles, eq(userRoles.userId, users.id)).where(and(eq(users.id, userId), eq(users.disabled, false), eq(userRoles.role, required.role))).limit(1))
    : await personWhoMay(userId, required.permission, tx);
  if (!holds) throw new Forbidden('Your roles changed while you were signing (an administrator removed or suspended one): nothing was signed.');
}
