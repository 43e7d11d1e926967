import 'server-only';
import { and, asc, desc, eq, ne, or } from 'drizzle-orm';
import { first, getDb, type Db, type Tx } from '@/db';
import { auditEvents, userRoles, users, type PasswordSetter, type Role } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { NotFound } from '@/lib/errors';
import { nocase } from '@/lib/db-helpers';
import { pendingRolesByUser } from './role-grants';

export type UserRecord = {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  disabled: boolean;
  lastSignInAt: string | null;
  createdAt: string;
  passwordSetBy: PasswordSetter;
  passwordChangedAt: string | null;
};

async function withRoles(rows: (typeof users.$inferSelect)[], db: Db | Tx = getDb()): Promise<UserRecord[]> {
  const roles = await db.select().from(userRoles).where(rows.length === 1 ? eq(userRoles.userId, rows[0]!.id) : undefined);
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    disabled: u.disabled,
    lastSignInAt: u.lastSignInAt,
    createdAt: u.createdAt,
    passwordSetBy: u.passwordSetBy,
    passwordChangedAt: u.passwordChangedAt,
    roles: roles.filter((r) => r.userId === u.id).map((r) => r.role),
  }));
}

/** One account with its roles, read in `db` (a writer's transaction reads what it is about to change). */
export async function getUserRecord(id: string, db: Db | Tx = getDb()): Promise<UserRecord> {
  const row = first(await db.select().from(users).where(eq(users.id, id)).limit(1));
  if (!row) throw new NotFound('User');
  return (await withRoles([row], db))[0]!;
}

/** Everyone, with the roles they hold and those given but not yet confirmed (role-grants.ts). */
export async function listUsers(actor: Actor) {
  assertCan(actor, 'user.manage');
  const [people, pending] = await Promise.all([withRoles(await getDb().select().from(users).orderBy(nocase(users.name), asc(users.email))), pendingRolesByUser()]);
  return people.map((person) => ({ ...person, pendingRoles: pending.get(person.id) ?? [] }));
}

/**
 * Who last chose a password for this person, and when: an administrator making the account in the browser, or
 * resetting it (in the browser or on the command line), from the audit trail; null when the person chose every
 * password they had. The person sees it before choosing their own, and a confirmer of their roles sees it too.
 */
export async function temporaryPasswordOrigin(userId: string): Promise<{ by: string; at: string } | null> {
  const row = first(await getDb()
    .select({ at: auditEvents.at, label: auditEvents.actorLabel, actorType: auditEvents.actorType, name: users.name })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(
      eq(auditEvents.entityType, 'user'),
      eq(auditEvents.entityId, userId),
      or(eq(auditEvents.action, 'user.password_reset'), and(eq(auditEvents.action, 'user.created'), ne(auditEvents.actorType, 'system'))),
    ))
    .orderBy(desc(auditEvents.seq))
    .limit(1));
  if (!row) return null;
  return { by: row.actorType === 'system' ? 'The command line' : (row.name ?? row.label), at: row.at };
}
