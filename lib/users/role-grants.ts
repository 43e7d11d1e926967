import 'server-only';
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { z } from 'zod';
import { first, getDb, returnedRow, withTransaction, type Db, type Tx } from '@/db';
import { auditEvents, CONFIRMED_ROLES, ROLE_GRANT_REASONS, roleGrants, userRoles, users, type Role } from '@/db/schema';
import { isTemporaryPassword } from '@/db/schema/vocabulary';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor, SystemActor } from '@/lib/auth/actor';
import { reauthenticate, settleReauthentication, type ReauthPurpose } from '@/lib/auth/reauthenticate';
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
/** Why an administrator's action puts a role to waiting (`upgrade` is the person's own action: suspendOnReplacingOldPassword). */
type GivenReason = Exclude<RoleGrantReason, 'upgrade'>;

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
export async function requestRoles(tx: Tx, actor: Actor, user: { id: string; name: string }, roles: Role[], reason: GivenReason = 'given') {
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

const NO_CONFIRMER: Record<GivenReason, (role: string, person: string) => string> = {
  given: (role, person) => `No one else holds the ${role} role to confirm it for ${person}: whoever runs the server can give it on the command line (npm run cli -- user grant).`,
  password_reset: (role, person) => `A reset suspends the ${role} role of ${person} until someone else who holds it confirms it again, and no one else holds it: whoever runs the server resets the password on the command line (npm run cli -- user password).`,
  reenabled: (role, person) => `Enabling ${person} again puts their ${role} role back to waiting for someone else who holds it to confirm it, and no one else holds it: whoever runs the server gives it on the command line (npm run cli -- user grant).`,
};

/**
 * An administrator reset the password of someone holding signing or administering roles, or about to: those roles,
 * held or awaiting confirmation, are suspended (taken away now, pending again, given by the resetter) until someone
 * else who holds each confirms it, so an administrator who chose the new password cannot sign as that person alone,
 * nor behind a grant that was waiting before the reset. Answers the roles suspended.
 */
export async function suspendForReconfirmation(tx: Tx, actor: Actor, user: { id: string; name: string }): Promise<Role[]> {
  const held = (await tx.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, user.id))).map((r) => r.role).filter(needsConfirmation);
  const waiting = (await pendingRolesByUser(tx, [user.id])).get(user.id) ?? [];
  if (held.length + waiting.length === 0) return [];
  if (held.length > 0) await tx.delete(userRoles).where(and(eq(userRoles.userId, user.id), inArray(userRoles.role, held)));
  await withdrawPendingRoles(tx, actor, user.id, []);
  const suspended = [...new Set([...held, ...waiting])].sort();
  await requestRoles(tx, actor, user, suspended, 'password_reset');
  return suspended;
}

/**
 * A person replaces a password an administrator chose before this release (the migration marked it temporary) while
 * holding signing or administering roles: whoever first signs in with such a password, the person or the
 * administrator who typed it, must not hold those roles unconfirmed. They wait for someone else who holds each (reason
 * `upgrade`, given by the administrator who made the account), audited as the person's act. Never refused: the person
 * keeps their password, and with no one to confirm, whoever runs the server gives the role on the command line.
 */
export async function suspendOnReplacingOldPassword(tx: Tx, person: Actor): Promise<Role[]> {
  const held = (await tx.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, person.userId))).map((r) => r.role).filter(needsConfirmation);
  if (held.length === 0) return [];
  const maker = first(await tx.select({ id: auditEvents.actorId }).from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'user'), eq(auditEvents.entityId, person.userId), eq(auditEvents.action, 'user.created'), eq(auditEvents.actorType, 'user'))).limit(1));
  await tx.delete(userRoles).where(and(eq(userRoles.userId, person.userId), inArray(userRoles.role, held)));
  for (const role of held) {
    const grant = returnedRow(await tx.insert(roleGrants).values({ userId: person.userId, role, reason: 'upgrade', grantedById: maker?.id ?? person.userId }).returning())!;
    await recordAudit(tx, person, { action: 'user.role_requested', entityType: 'user', entityId: person.userId, after: { grant: grant.id, role, reason: 'upgrade' } });
    await emitEvent(tx, {
      type: 'user.role_requested',
      title: `${person.name} replaced a password an administrator had chosen: their ${roleName(role)} role is in force again once you or another ${roleName(role)} confirm it`,
      href: HREF,
      entityType: 'role_grant',
      entityId: grant.id,
      recipients: await confirmersOf(tx, role, person.userId, person.userId),
      data: { userId: person.userId, role, reason: 'upgrade' },
    });
  }
  return held;
}

/** Pending grants of `userId` for roles not in `keep` are withdrawn (the administrator unticked them), audited. */
export async function withdrawPendingRoles(tx: Tx, actor: Actor | SystemActor, userId: string, keep: readonly Role[]) {
  const pending = await tx.select().from(roleGrants).where(and(eq(roleGrants.userId, userId), eq(roleGrants.status, 'pending')));
  await withdraw(tx, actor, pending.filter((g) => !keep.includes(g.role)));
}

/**
 * Pending grants given by `giverId`, who was disabled or is no administrator any more, are withdrawn, audited; a role
 * held before own passwords (`upgrade`) was not given now, and stays waiting.
 */
export async function withdrawGrantsGivenBy(tx: Tx, actor: Actor, giverId: string) {
  await withdraw(tx, actor, await tx.select().from(roleGrants).where(and(eq(roleGrants.grantedById, giverId), eq(roleGrants.status, 'pending'), ne(roleGrants.reason, 'upgrade'))));
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
 * temporary one its giver typed), that is enabled, given by someone who is still an active administrator (a role held
 * before own passwords was given long ago: its giver may have left).
 */
async function assertConfirmable(db: Db | Tx, grant: Grant) {
  const person = first(await db.select({ name: users.name, setBy: users.passwordSetBy, disabled: users.disabled }).from(users).where(eq(users.id, grant.userId)).limit(1))!;
  if (person.disabled) throw new Conflict(`${person.name} is disabled: a role is confirmed for an enabled account.`);
  if (isTemporaryPassword(person.setBy)) throw new Conflict(`${person.name} has not yet chosen their own password: confirm once they have signed in and replaced the temporary one, so the account is theirs alone.`);
  if (grant.reason === 'upgrade') return;
  const giver = first(await db.select({ id: users.id }).from(users).innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'admin'))).where(and(eq(users.id, grant.grantedById), eq(users.disabled, false))).limit(1));
  if (!giver) throw new Conflict('Whoever gave this role is no longer an active administrator: an administrator must give it again.');
}

const decideReauth = (grant: Grant): ReauthPurpose => ({
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
  const proof = await reauthenticate(actor, input.password, purpose);
  return await withTransaction(async (tx) => {
    await settleReauthentication(tx, purpose, proof);
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
