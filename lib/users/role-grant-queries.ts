import 'server-only';
import { desc, eq, ne } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '@/db';
import { roleGrants, users } from '@/db/schema';
import { isTemporaryPassword } from '@/db/schema/vocabulary';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { humanize } from '@/lib/words';
import { temporaryPasswordOrigin } from './queries';

/** Decided grants the page shows beneath the pending ones. */
export const DECIDED_SHOWN = 50;

const person = alias(users, 'grantee');
const granter = alias(users, 'granter');
const decider = alias(users, 'decider');

const columns = {
  grant: roleGrants,
  person: { id: person.id, name: person.name, email: person.email, passwordSetBy: person.passwordSetBy, passwordChangedAt: person.passwordChangedAt, disabled: person.disabled, createdAt: person.createdAt, lastSignInAt: person.lastSignInAt },
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
  // What a confirmer vouches for: who last chose this person's password, if anyone but the person did.
  const origins = new Map(await Promise.all([...new Set(pending.map((row) => row.person.id))].map(async (id) => [id, await temporaryPasswordOrigin(id)] as const)));
  return { pending: pending.map((row) => ({ ...row, passwordOrigin: origins.get(row.person.id) ?? null })), decided };
}

/**
 * Whether `actor` may decide on a pending grant now, or why not (the verb checks again): they hold the role and are
 * neither its person nor its giver; the person is enabled and has chosen their own password.
 */
export function decisionFor(actor: Actor, row: Pick<PendingGrantRow, 'grant' | 'person'>): { may: true } | { may: false; why: string; holder: boolean } {
  const { grant, person } = row;
  const holder = actor.type === 'user' && (actor.roles as string[]).includes(grant.role);
  if (grant.userId === actor.userId) return { may: false, why: 'It is for you', holder };
  if (grant.grantedById === actor.userId) return { may: false, why: 'You gave it', holder };
  if (!holder) return { may: false, why: `A ${humanize(grant.role).toLowerCase()} decides`, holder };
  if (person.disabled) return { may: false, why: 'The account is disabled', holder };
  if (isTemporaryPassword(person.passwordSetBy)) return { may: false, why: 'Waits for them to choose their own password', holder };
  return { may: true };
}

export type RoleGrantRow = Awaited<ReturnType<typeof roleGrantsPage>>['pending'][number];
type PendingGrantRow = Awaited<ReturnType<typeof pendingRoleGrants>>[number];
