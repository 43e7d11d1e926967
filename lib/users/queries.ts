import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { userRoles, users, type Role } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { NotFound } from '@/lib/errors';
import { nocase } from '@/lib/db-helpers';

export type UserRecord = { id: string; email: string; name: string; roles: Role[]; disabled: boolean; lastSignInAt: string | null; createdAt: string };

async function withRoles(rows: (typeof users.$inferSelect)[]): Promise<UserRecord[]> {
  const roles = await getDb().select().from(userRoles);
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

export async function getUserRecord(id: string): Promise<UserRecord> {
  const row = first(await getDb().select().from(users).where(eq(users.id, id)).limit(1));
  if (!row) throw new NotFound('User');
  return (await withRoles([row]))[0]!;
}

export async function listUsers(actor: Actor) {
  assertCan(actor, 'user.manage');
  return await withRoles(await getDb().select().from(users).orderBy(nocase(users.name), asc(users.email)));
}
