import 'server-only';
import type { z } from 'zod';
import { only, withTransaction } from '@/db';
import { userRoles, users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor, SystemActor } from '@/lib/auth/actor';
import { hashPassword } from '@/lib/auth/password';
import { assertCan } from '@/lib/auth/permissions';
import { openRoleGrants, rolesNeedingConfirmation } from './role-grants';
import type { ZCreateUserInput } from './schemas';

/**
 * Admins create accounts; the CLI does so as the system (that is how the first admin comes to be). A signing role an
 * admin gives waits for someone who holds it to confirm it (role-grants.ts): `pendingRoles`.
 */
export async function createUser(actor: Actor | SystemActor, input: z.output<typeof ZCreateUserInput>) {
  if (actor.type !== 'system') assertCan(actor, 'user.manage');
  const passwordHash = await hashPassword(input.password);
  return await withTransaction(async (tx) => {
    const user = only(await tx.insert(users).values({ email: input.email, name: input.name, passwordHash }).returning());
    const asked = [...new Set(input.roles)];
    const pendingRoles = actor.type === 'system' ? [] : await rolesNeedingConfirmation(tx, actor, null, asked);
    const roles = asked.filter((role) => !pendingRoles.includes(role));
    if (roles.length) await tx.insert(userRoles).values(roles.map((role) => ({ userId: user.id, role })));
    if (actor.type !== 'system') await openRoleGrants(tx, actor, user.id, pendingRoles);
    const record = { id: user.id, email: user.email, name: user.name, roles, disabled: false };
    await recordAudit(tx, actor, { action: 'user.created', entityType: 'user', entityId: user.id, after: { ...record, ...(pendingRoles.length ? { pendingRoles } : {}) } });
    return { ...record, pendingRoles };
  });
}
