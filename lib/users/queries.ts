import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { userRoles, users, type Role } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { NotFound } from '@/lib/errors';
import { nocase } from '@/lib/db-helpers';

export type UserRecord = { id: string; email: string; name: string; roles: Role[]; disabled: boolean; lastSignInAt: string | null; createdAt: string };

function withRoles(rows: (typeof users.$inferSelect)[]): UserRecord[] {
  const roles = getDb().select().from(userRoles).all();
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    disabled: u.disabled,
    lastSignInAt: u.lastSignInAt,
    createdAt: u.createdAt,
    roles: roles.filter((r) => r.userId === u.id).map((r) => r.role),
  }));
}

export function getUserRecord(id: string): UserRecord {
  const row = getDb().select().from(users).where(eq(users.id, id)).get();
  if (!row) throw new NotFound('User');
  return withRoles([row])[0]!;
}

export function listUsers(actor: Actor) {
  assertCan(actor, 'user.manage');
  return withRoles(getDb().select().from(users).orderBy(nocase(users.name), asc(users.email)).all());
}
