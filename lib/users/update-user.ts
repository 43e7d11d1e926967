import 'server-only';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { withTransaction } from '@/db';
import { userRoles, users, type Role } from '@/db/schema';
import { canonicalJson } from '@/lib/canonical-json';
import { changedFields } from '@/lib/audit/changes';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { endSessions } from '@/lib/auth/user-sessions';
import { Conflict, Forbidden } from '@/lib/errors';
import { claimEmail } from './emails';
import { getUserRecord } from './queries';
import { needsConfirmation, pendingRolesByUser, requestRoles, withdrawGrantsGivenBy, withdrawPendingRoles } from './role-grants';
import type { ZUpdateUserInput } from './schemas';

/**
 * Name, sign-in address, roles and the disabled flag; the change applies on the person's next request, and disabling
 * ends every session. An address someone else holds or has held is refused (emails.ts).
 * A signing or administering role added is in force once someone else holding it confirms it.
 */
export async function updateUser(actor: Actor, id: string, input: z.output<typeof ZUpdateUserInput>) {
  assertCan(actor, 'user.manage');
  const next = { ...input, roles: input.roles ? [...new Set(input.roles)].sort() : undefined };
  if (id === actor.userId && (next.disabled === true || (next.roles && !next.roles.includes('admin')))) {
    throw new Conflict('You cannot disable yourself or remove your own admin role.');
  }
  return await withTransaction(async (tx) => {
    // Read in the transaction that writes: another admin's change committed meanwhile is what "before" holds, and
    // what the checks below judge.
    const current = await getUserRecord(id, tx);
    const pending = (await pendingRolesByUser(tx, [id])).get(id) ?? [];
    if (input.shownEmail !== undefined && input.shownEmail !== current.email) {
      throw new Conflict(`The address of ${current.name} changed since this form was opened (to ${current.email}): reload the page and edit again.`);
    }
    if (input.shownRoles && canonicalJson([...input.shownRoles].sort()) !== canonicalJson([...current.roles, ...pending].sort())) {
      throw new Conflict(`The roles of ${current.name} changed since this form was opened (a grant decided, or another administrator's change): reload the page and choose again.`);
    }
    // Separation of duties holds for admins too: whoever signs as a risk officer was made one by someone else.
    const gained = id === actor.userId ? (next.roles ?? []).filter((role) => !current.roles.includes(role) && !pending.includes(role)) : [];
    if (gained.length > 0) throw new Forbidden(`You cannot give yourself a role (${gained.join(', ')}): another administrator must, so no one signs or reviews on a role they granted themselves.`);
    // What the form asks for is in force at once where it takes a role away or adds one that needs no confirmation; a
    // signing or administering role it adds waits for someone else holding it (role-grants.ts), and one it unticks
    // while still waiting is withdrawn. Enabling a disabled person again puts such roles of theirs back to waiting.
    const reEnabling = current.disabled && next.disabled === false;
    const keeps = (role: Role) => current.roles.includes(role) && !(reEnabling && needsConfirmation(role));
    const wanted = next.roles ?? current.roles;
    const waiting = wanted.filter((role) => needsConfirmation(role) && !keeps(role) && !pending.includes(role));
    const roles = next.roles || reEnabling ? wanted.filter((role) => keeps(role) || !needsConfirmation(role)).sort() : undefined;
    const { before, after, changed } = changedFields({ ...current, roles: [...current.roles].sort() }, { name: next.name, email: next.email, disabled: next.disabled, roles });
    if (next.roles) await withdrawPendingRoles(tx, actor, id, next.roles);
    if (changed) {
      const now = new Date().toISOString();
      // A new address is the person's for good; the ones they had stay theirs, so what names them by one still does.
      if (after.email !== undefined) await claimEmail(tx, id, after.email, now);
      if (after.name !== undefined || after.email !== undefined || after.disabled !== undefined) {
        await tx.update(users)
          .set({ name: after.name, email: after.email, disabled: after.disabled, updatedAt: now })
          .where(eq(users.id, id));
      }
      if (after.disabled === true) await endSessions(tx, { userId: id }, 'user_disabled');
      if (after.roles) {
        await tx.delete(userRoles).where(eq(userRoles.userId, id));
        if (after.roles.length > 0) await tx.insert(userRoles).values(after.roles.map((role) => ({ userId: id, role })));
      }
      await recordAudit(tx, actor, { action: 'user.updated', entityType: 'user', entityId: id, before, after });
    }
    // Someone who can no longer give roles leaves nothing behind for others to confirm.
    if (after.disabled === true || (after.roles && !after.roles.includes('admin'))) await withdrawGrantsGivenBy(tx, actor, id);
    await requestRoles(tx, actor, current, waiting.filter((role) => !current.roles.includes(role)), 'given');
    await requestRoles(tx, actor, current, waiting.filter((role) => current.roles.includes(role)), 'reenabled');
    return { ...current, ...after };
  });
}
