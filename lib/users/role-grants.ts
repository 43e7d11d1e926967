import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { first, getDb, returnedRow, withTransaction, type Db, type Tx } from '@/db';
import { CONFIRMED_ROLES, ROLE_GRANT_REASONS, roleGrants, userRoles, users, type Role } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor, SystemActor } from '@/lib/auth/actor';
import { clearReauthFailures, reauthenticate, type ReauthPurpose } from '@/lib/auth/reauthenticate';
import { Conflict, Forbidden, NotFound } from '@/lib/errors';
import { settleNews } from '@/lib/inbox/settle-news';
import { emitEvent } from '@/lib/notify/emit-event';
import { humanize } from '@/lib/words';
import { activePeopleInRoles } from './people-who-may';
import type { ZDecideRoleGrantInput } from './schemas';

/** Whether giving `role` takes a second person's confirmation: the roles that sign, approve or administer. */
export const needsConfirmation = (role: Role) => (CONFIRMED_ROLES as readonly Role[]).includes(role);

const roleName = (role: Role) => humanize(role).toLowerCase();
const HREF = '/role-grants';

type Grant = typeof roleGrants.$inferSelect;
type RoleGrantReason = (typeof ROLE_GRANT_REASONS)[number];

async function loadGrant(db: Db | Tx, id: string): Promise<Grant> {
  const row = first(await db.select().from(roleGrants).where(eq(roleGrants.id, id)).limit(1));
  if (!row) throw new NotFound('Role grant');
  return row;
}

/** Who may confirm `role` for `userId` as given by `grantedById`: active holders of the role but those two. */
async function confirmersOf(tx: Tx, role: Role, userId: string, grantedById: string) {
  return (await activePeopleInRoles([role], tx)).map((p) => p.id).filter((id) => id !== userId && id !== grantedById);
}

/**
 * An administrator gives `roles` (each needing confirmation) to `user`, in the caller's transaction: each becomes a
 * pending grant that someone else holding it must confirm (decideRoleGrant). Refused when no one else holds the role:
 * then only whoever runs the server can give it, with `npm run cli -- user grant`. A role already pending is left be.
 * `password_reset`: the person held these roles until an administrator reset their password (resetPassword).
 */
export async function requestRoles(tx: Tx, actor: Actor, user: { id: string; name: string }, roles: Role[], reason: RoleGrantReason = 'given') {
  for (const role of roles) {
    const confirmers = await confirmersOf(tx, role, user.id, actor.userId);
    if (confirmers.length === 0) throw new Conflict(NO_CONFIRMER[reason](roleName(role), user.name));
    const pending = first(await tx.select({ id: roleGrants.id }).from(roleGrants).where(and(eq(roleGrants.userId, user.id), eq(roleGrants.role, role), eq(roleGrants.status, 'pending'))).limit(1));
    if (pending) continue;
    const grant = returnedRow(await tx.insert(roleGrants).values({ userId: user.id, role, reason, grantedById: actor.userId }).returning())!;
    await recordAudit(tx, actor, { action: 'user.role_requested', entityType: 'user', entityId: user.id, after: { grant: grant.id, role, reason } });
    await emitEvent(tx, {
      type: 'user.role_requested',
      title: reason === 'given'
        ? `${actor.name} gives ${user.name} the ${roleName(role)} role: it is in force once you or another ${roleName(role)} confirm it`
        : `${actor.name} ${reason === 'password_reset' ? 'reset the password of' : 'enabled again'} ${user.name}: their ${roleName(role)} role is in force again once you or another ${roleName(role)} confirm it`,
      href: HREF,
      entityType: 'role_grant',
      entityId: grant.id,
      recipients: confirmers,
      data: { userId: user.id, role, reason, grantedBy: actor.email },
    });
  }
}

const NO_CONFIRMER: Record<RoleGrantReason, (role: string, person: string) => string> = {
  given: (role, person) => `No one but you holds the ${role} role to confirm it for ${person}: whoever runs the server can give it with \`npm run cli -- user grant\`.`,
  password_reset: (role, person) => `${person} holds the ${role} role, which is suspended by a reset until someone else who holds it confirms it again, and no one but you does: whoever runs the server resets it with \`npm run cli -- user password\`.`,
  reenabled: (role, person) => `${person} held the ${role} role, which waits after a disabled account is enabled again until someone else who holds it confirms it, and no one but you does: whoever runs the server gives it with \`npm run cli -- user grant\`.`,
};

/**
 * An administrator reset the password of someone holding signing or administering roles: those roles are suspended
 * (taken away now, pending again) until someone else who holds each confirms it, so an administrator who chose the
 * new password cannot sign as that person alone. Answers the roles suspended.
 */
export async function suspendForReconfirmation(tx: Tx, actor: Actor, user: { id: string; name: string }): Promise<Role[]> {
  const held = (await tx.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, user.id))).map((r) => r.role).filter(needsConfirmation);
  if (held.length === 0) return [];
  await tx.delete(userRoles).where(and(eq(userRoles.userId, user.id), inArray(userRoles.role, held)));
  await requestRoles(tx, actor, user, held, 'password_reset');
  return held;
}

/** Pending grants of `userId` for roles not in `keep` are withdrawn (the administrator unticked them), audited. */
export async function withdrawPendingRoles(tx: Tx, actor: Actor | SystemActor, userId: string, keep: readonly Role[]) {
  const pending = await tx.select().from(roleGrants).where(and(eq(roleGrants.userId, userId), eq(roleGrants.status, 'pending')));
  await withdraw(tx, actor, pending.filter((g) => !keep.includes(g.role)));
}

/** Pending grants given by `giverId`, who was disabled or is no administrator any more, are withdrawn, audited. */
export async function withdrawGrantsGivenBy(tx: Tx, actor: Actor, giverId: string) {
  await withdraw(tx, actor, await tx.select().from(roleGrants).where(and(eq(roleGrants.grantedById, giverId), eq(roleGrants.status, 'pending'))));
}

async function withdraw(tx: Tx, actor: Actor | SystemActor, grants: Grant[]) {
  for (const grant of grants) {
    await tx.update(roleGrants).set({ status: 'withdrawn', decidedById: actor.type === 'system' ? null : actor.userId, decidedAt: new Date().toISOString() }).where(eq(roleGrants.id, grant.id));
    await recordAudit(tx, actor, { action: 'user.role_withdrawn', entityType: 'user', entityId: grant.userId, before: { grant: grant.id, role: grant.role, status: 'pending' }, after: { grant: grant.id, status: 'withdrawn' } });
    await settleNews(tx, 'user.role_requested', grant.id, 'everyone');
  }
}

/** The roles pending confirmation per person, for the users page and the account-editing checks. */
export async function pendingRolesByUser(db: Db | Tx = getDb(), userIds?: string[]): Promise<Map<string, Role[]>> {
  const rows = await db.select({ userId: roleGrants.userId, role: roleGrants.role }).from(roleGrants)
    .where(and(eq(roleGrants.status, 'pending'), userIds ? inArray(roleGrants.userId, userIds) : undefined));
  const byUser = new Map<string, Role[]>();
  for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row.role]);
  return byUser;
}

/**
 * A role is confirmed for an account only its owner controls: one whose password they chose themselves (not the
 * temporary one its giver typed), that is enabled, given by someone who is still an active administrator.
 */
async function assertConfirmable(db: Db | Tx, grant: Grant) {
  const person = first(await db.select({ name: users.name, setBy: users.passwordSetBy, disabled: users.disabled }).from(users).where(eq(users.id, grant.userId)).limit(1))!;
  if (person.disabled) throw new Conflict(`${person.name} is disabled: a role is confirmed for an enabled account.`);
  if (person.setBy !== 'self') throw new Conflict(`${person.name} has not yet chosen their own password: confirm once they have signed in and replaced the temporary one, so the account is theirs alone.`);
  const giver = first(await db.select({ id: users.id }).from(users).innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'admin'))).where(and(eq(users.id, grant.grantedById), eq(users.disabled, false))).limit(1));
  if (!giver) throw new Conflict('Whoever gave this role is no longer an active administrator: an administrator must give it again.');
}

const decideReauth = (grant: Grant): ReauthPurpose => ({
  key: 'role-decide',
  activity: 'Confirming roles',
  outcome: 'decided',
  failure: { action: 'user.role_decide_failed', entityType: 'user', entityId: grant.userId, after: { grant: grant.id, reason: 'wrong password' } },
});

/**
 * Someone who holds the role confirms (it is in force from this moment) or rejects (with a comment) a grant an
 * administrator made, with their password again. Never the person it is for, never who gave it, never a token; the
 * holding is read again in the deciding transaction, so a role removed meanwhile decides nothing.
 */
export async function decideRoleGrant(actor: Actor, input: z.output<typeof ZDecideRoleGrantInput>) {
  if (actor.type !== 'user') throw new Forbidden('API tokens never confirm roles; decide in the browser.');
  const seen = await loadGrant(getDb(), input.grantId);
  if (seen.userId === actor.userId) throw new Forbidden('This role is for you: someone else who holds it must decide.');
  if (seen.grantedById === actor.userId) throw new Forbidden('You gave this role: someone else who holds it must decide.');
  if (!actor.roles.includes(seen.role)) throw new Forbidden(`Only someone who holds the ${roleName(seen.role)} role decides on giving it.`);
  if (seen.status !== 'pending') throw new Conflict(`This grant of the ${roleName(seen.role)} role was already ${seen.status}.`);
  if (input.decision === 'confirm') await assertConfirmable(getDb(), seen);
  const purpose = decideReauth(seen);
  await reauthenticate(actor, input.password, purpose);
  return await withTransaction(async (tx) => {
    await clearReauthFailures(tx, purpose, actor.userId);
    const holder = first(await tx.select({ role: userRoles.role }).from(userRoles).innerJoin(users, eq(users.id, userRoles.userId))
      .where(and(eq(userRoles.userId, actor.userId), eq(userRoles.role, seen.role), eq(users.disabled, false))).limit(1));
    if (!holder) throw new Forbidden(`You no longer hold the ${roleName(seen.role)} role.`);
    if (input.decision === 'confirm') await assertConfirmable(tx, seen);
    const status = input.decision === 'confirm' ? 'confirmed' : 'rejected';
    const decided = returnedRow(await tx.update(roleGrants).set({ status, decidedById: actor.userId, decidedAt: new Date().toISOString(), decisionComment: input.comment || null })
      .where(and(eq(roleGrants.id, seen.id), eq(roleGrants.status, 'pending'))).returning());
    if (!decided) throw new Conflict('This grant was decided or withdrawn meanwhile. Reload the page.');
    if (status === 'confirmed') await tx.insert(userRoles).values({ userId: decided.userId, role: decided.role }).onConflictDoNothing();
    await recordAudit(tx, actor, {
      action: status === 'confirmed' ? 'user.role_confirmed' : 'user.role_rejected',
      entityType: 'user',
      entityId: decided.userId,
      before: { grant: decided.id, role: decided.role, status: 'pending', grantedBy: decided.grantedById },
      after: { grant: decided.id, status, comment: input.comment || null },
    });
    await settleNews(tx, 'user.role_requested', decided.id, 'everyone');
    const person = first(await tx.select({ name: users.name }).from(users).where(eq(users.id, decided.userId)).limit(1))!;
    await emitEvent(tx, {
      type: 'user.role_decided',
      title: `${actor.name} ${status} the ${roleName(decided.role)} role for ${person.name}`,
      href: HREF,
      entityType: 'role_grant',
      entityId: decided.id,
      recipients: [decided.grantedById, decided.userId],
      data: { userId: decided.userId, role: decided.role, decision: input.decision, decidedBy: actor.email },
    });
    return decided;
  });
}
