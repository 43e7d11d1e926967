import 'server-only';
import type { z } from 'zod';
import { only, withTransaction } from '@/db';
import { userRoles, users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor, SystemActor } from '@/lib/auth/actor';
import { hashPassword } from '@/lib/auth/password';
import { assertCan } from '@/lib/auth/permissions';
import { assertAddressFree, claimEmail } from './emails';
import { needsConfirmation, requestRoles } from './role-grants';
import type { ZCreateUserInput } from './schemas';

/**
 * Admins create accounts; the CLI does so as the system (that is how the first admin comes to be). An admin's password
 * is temporary, and the signing and administering roles an admin gives wait for confirmation (role-grants.ts).
 */
export async function createUser(actor: Actor | SystemActor, input: z.output<typeof ZCreateUserInput>) {
  if (actor.type !== 'system') assertCan(actor, 'user.manage');
  const passwordHash = await hashPassword(input.password);
  return await withTransaction(async (tx) => {
    // An administrator's choice is temporary: the person chooses their own at first sign-in. On the command line the
    // operator types the password of the account they make (the first admin), so it is theirs.
    const passwordSetBy = actor.type === 'system' ? 'self' : 'admin';
    await assertAddressFree(tx, input.email, null);
    const user = only(await tx.insert(users).values({ email: input.email, name: input.name, passwordHash, passwordSetBy }).returning());
    await claimEmail(tx, user.id, user.email, user.createdAt);
    // A signing or administering role an administrator gives is pending until someone else holding it confirms.
    const wanted = [...new Set(input.roles)];
    const roles = actor.type === 'system' ? wanted : wanted.filter((role) => !needsConfirmation(role));
    const pendingRoles = actor.type === 'system' ? [] : wanted.filter(needsConfirmation);
    if (roles.length > 0) await tx.insert(userRoles).values(roles.map((role) => ({ userId: user.id, role })));
    const record = { id: user.id, email: user.email, name: user.name, roles, pendingRoles, disabled: false, passwordSetBy };
    await recordAudit(tx, actor, { action: 'user.created', entityType: 'user', entityId: user.id, after: record });
    if (actor.type !== 'system') await requestRoles(tx, actor, user, pendingRoles);
    return record;
  });
}
