import { eq } from 'drizzle-orm';
import { first, getDb, withTransaction } from '@/db';
import { ROLES, userRoles, users, type Role } from '@/db/schema';
import { systemActor } from '@/lib/auth/actor';
import { recordAudit } from '@/lib/audit/record-event';
import { withdrawPendingRoles } from '@/lib/users/role-grants';
import type { CliValues } from './main';

/**
 * Gives roles to an existing account from the server's command line: how a role nobody else holds comes to be (the
 * browser asks someone holding it to confirm). Audited as the command line; a grant of these roles waiting in the
 * browser is withdrawn, since it is in force now.
 */
export async function runUserGrant(values: CliValues): Promise<number> {
  const roles = [...new Set(values.role ?? [])];
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (roles.length === 0 || unknown.length > 0) {
    console.error(`Give one or more --role among ${ROLES.join(', ')}${unknown.length > 0 ? ` (not a role: ${unknown.join(', ')})` : ''}.`);
    return 2;
  }
  const user = first(await getDb().select().from(users).where(eq(users.email, (values.email ?? '').trim().toLowerCase())).limit(1));
  if (!user) {
    console.error(`No account with email ${values.email ?? '(none given)'}.`);
    return 1;
  }
  const held = await withTransaction(async (tx) => {
    const before = (await tx.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, user.id))).map((r) => r.role).sort();
    const after = [...new Set([...before, ...(roles as Role[])])].sort();
    const cli = systemActor('cli');
    await withdrawPendingRoles(tx, cli, user.id, ROLES.filter((role) => !roles.includes(role)));
    if (after.length === before.length) return before;
    await tx.insert(userRoles).values(after.filter((role) => !before.includes(role)).map((role) => ({ userId: user.id, role }))).onConflictDoNothing();
    await recordAudit(tx, cli, { action: 'user.updated', entityType: 'user', entityId: user.id, before: { roles: before }, after: { roles: after } });
    return after;
  });
  console.log(`${user.email} holds ${held.join(', ')}`);
  return 0;
}
