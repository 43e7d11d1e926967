import 'server-only';
import { desc, eq, ne } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '@/db';
import { roleGrants, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';

/** Decided grants the page shows beneath the pending ones. */
export const DECIDED_SHOWN = 50;

const person = alias(users, 'grantee');
const granter = alias(users, 'granter');
const decider = alias(users, 'decider');

const columns = {
  grant: roleGrants,
  person: { id: person.id, name: person.name, email: person.email, passwordSetBy: person.passwordSetBy, createdAt: person.createdAt, lastSignInAt: person.lastSignInAt },
  grantedBy: granter.name,
  decidedBy: decider.name,
};

const base = () => getDb().select(columns).from(roleGrants)
  .innerJoin(person, eq(person.id, roleGrants.userId))
  .innerJoin(granter, eq(granter.id, roleGrants.grantedById))
  .leftJoin(decider, eq(decider.id, roleGrants.decidedById));

/** Every grant waiting for confirmation, oldest first, with its person's, giver's names. */
export const pendingRoleGrants = () => base().where(eq(roleGrants.status, 'pending')).orderBy(roleGrants.createdAt);

/** Every grant waiting for confirmation (oldest first), and the latest decided ones: anyone signed in may see who gets which role. */
export async function roleGrantsPage(actor: Actor) {
  assertCan(actor, 'inventory.read');
  const [pending, decided] = await Promise.all([
    pendingRoleGrants(),
    base().where(ne(roleGrants.status, 'pending')).orderBy(desc(roleGrants.decidedAt)).limit(DECIDED_SHOWN),
  ]);
  return { pending, decided };
}

/** Whether `actor` may decide on `grant` (the verb checks again): holds the role, neither its person nor its giver. */
export const mayDecide = (actor: Actor, grant: { role: string; userId: string; grantedById: string }) =>
  actor.type === 'user' && (actor.roles as string[]).includes(grant.role) && grant.userId !== actor.userId && grant.grantedById !== actor.userId;

export type RoleGrantRow = Awaited<ReturnType<typeof roleGrantsPage>>['pending'][number];
