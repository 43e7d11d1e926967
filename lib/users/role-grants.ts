import 'server-only';
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { first, getDb, returnedRow, withTransaction, type Tx } from '@/db';
import { roleGrants, userRoles, users, type Role } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { clearReauthFailures, reauthenticate, type ReauthPurpose } from '@/lib/auth/reauthenticate';
import { Conflict, Forbidden, NotFound } from '@/lib/errors';
import { SIGNING_ROLES } from '@/lib/promotion/policy-schemas';
import { humanize } from '@/lib/words';

/** The roles that sign (promotions, reviews, waivers, policy changes): granting one takes a second person who holds it. */
export const isSigningRole = (role: string) => (SIGNING_ROLES as readonly string[]).includes(role);

/**
 * Of the roles an admin gives `userId`, those that wait for confirmation: a signing role while someone other than the
 * admin and the person holds it (the first holder of a role is granted at once: nobody could confirm). A disabled
 * holder counts, or disabling the others would let an admin grant the role alone; if every holder is disabled, an
 * operator with shell access creates the account with the CLI.
 */
export async function rolesNeedingConfirmation(tx: Tx, actor: Actor, userId: string | null, roles: readonly Role[]) {
  const signing = roles.filter(isSigningRole);
  if (signing.length === 0) return [];
  const excluded = [actor.userId, ...(userId ? [userId] : [])];
  const held = await tx.selectDistinct({ role: userRoles.role }).from(userRoles)
    .where(and(inArray(userRoles.role, signing), notInArray(userRoles.userId, excluded)));
  return signing.filter((role) => held.some((h) => h.role === role));
}

/** Opens a grant for each role (one pending grant per person and role: a second ask is the same grant); the roles newly opened. */
export async function openRoleGrants(tx: Tx, actor: Actor, userId: string, roles: readonly Role[]) {
  const opened: Role[] = [];
  for (const role of roles) if ((await tx.insert(roleGrants).values({ userId, role, grantedById: actor.userId }).onConflictDoNothing().returning({ id: roleGrants.id })).length) opened.push(role);
  return opened;
}

const grantee = alias(users, 'grantee');
const granter = alias(users, 'granter');

/** The grants awaiting confirmation, oldest first, with who they are for and who granted them. */
export async function pendingRoleGrants(actor: Actor) {
  assertCan(actor, 'inventory.read');
  return await getDb()
    .select({ id: roleGrants.id, userId: roleGrants.userId, role: roleGrants.role, grantedById: roleGrants.grantedById, createdAt: roleGrants.createdAt, name: grantee.name, email: grantee.email, grantedBy: granter.name })
    .from(roleGrants)
    .innerJoin(grantee, eq(grantee.id, roleGrants.userId))
    .innerJoin(granter, eq(granter.id, roleGrants.grantedById))
    .where(eq(roleGrants.status, 'pending'))
    .orderBy(roleGrants.createdAt);
}

/** Whether `actor` may confirm or refuse this grant: they hold the role, and are neither its grantee nor its granter. */
export const mayDecideGrant = (actor: Actor, grant: { userId: string; grantedById: string; role: string }) =>
  actor.type === 'user' && actor.roles.includes(grant.role as Role) && actor.userId !== grant.userId && actor.userId !== grant.grantedById;

async function loadGrant(db: ReturnType<typeof getDb> | Tx, id: string) {
  const grant = first(await db.select().from(roleGrants).where(eq(roleGrants.id, id)).limit(1));
  if (!grant) throw new NotFound('Role grant');
  return grant;
}

const confirmReauth = (grant: { id: string; userId: string }): ReauthPurpose => ({
  key: 'role-confirm',
  activity: 'Confirming roles',
  outcome: 'confirmed',
  failure: { action: 'user.role_confirm_failed', entityType: 'user', entityId: grant.userId, after: { grant: grant.id, reason: 'wrong password' } },
});

/**
 * Someone who holds the role confirms (the role is the person's from their next request) or refuses a grant, with
 * their password again. Never the grantee or the admin who granted it, never a token. Conditional on the grant pending.
 */
export async function decideRoleGrant(actor: Actor, input: { grantId: string; decision: 'confirm' | 'refuse'; password: string }) {
  if (actor.type !== 'user') throw new Forbidden('API tokens never confirm roles; decide in the browser.');
  const seen = await loadGrant(getDb(), input.grantId);
  if (!mayDecideGrant(actor, seen)) throw new Forbidden(`Only someone who holds the role ${humanize(seen.role)}, other than the person and the administrator who granted it, confirms it.`);
  if (seen.status !== 'pending') throw new Conflict(`This grant was already ${seen.status}.`);
  const purpose = confirmReauth(seen);
  await reauthenticate(actor, input.password, purpose);
  return await withTransaction(async (tx) => {
    await clearReauthFailures(tx, purpose, actor.userId);
    const status = input.decision === 'confirm' ? 'confirmed' : 'refused';
    const decided = returnedRow(await tx.update(roleGrants).set({ status, decidedById: actor.userId, decidedAt: new Date().toISOString() })
      .where(and(eq(roleGrants.id, seen.id), eq(roleGrants.status, 'pending'))).returning());
    if (!decided) throw new Conflict('This grant was decided or withdrawn meanwhile. Reload the page.');
    if (status === 'confirmed') await tx.insert(userRoles).values({ userId: decided.userId, role: decided.role }).onConflictDoNothing();
    await recordAudit(tx, actor, { action: status === 'confirmed' ? 'user.role_confirmed' : 'user.role_refused', entityType: 'user', entityId: decided.userId, after: { grant: decided.id, role: decided.role, grantedBy: decided.grantedById } });
    return decided;
  });
}

/** An admin takes back a grant still pending; nothing else changes. */
export async function withdrawRoleGrant(actor: Actor, grantId: string) {
  assertCan(actor, 'user.manage');
  return await withTransaction(async (tx) => {
    const seen = await loadGrant(tx, grantId);
    const withdrawn = returnedRow(await tx.update(roleGrants).set({ status: 'withdrawn', decidedById: actor.type === 'user' ? actor.userId : null, decidedAt: new Date().toISOString() })
      .where(and(eq(roleGrants.id, grantId), eq(roleGrants.status, 'pending'))).returning());
    if (!withdrawn) throw new Conflict(`This grant was already ${seen.status}.`);
    await recordAudit(tx, actor, { action: 'user.role_grant_withdrawn', entityType: 'user', entityId: withdrawn.userId, after: { grant: withdrawn.id, role: withdrawn.role } });
    return withdrawn;
  });
}

/** The roles pending confirmation for each of these people. */
export async function pendingRolesOf(userIds: string[]) {
  const rows = userIds.length === 0 ? [] : await getDb().select({ userId: roleGrants.userId, role: roleGrants.role }).from(roleGrants).where(and(inArray(roleGrants.userId, userIds), eq(roleGrants.status, 'pending')));
  return (userId: string) => rows.filter((r) => r.userId === userId).map((r) => r.role);
}
