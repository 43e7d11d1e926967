import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db';
import { users } from '@/db/schema';
import { humanize } from '@/lib/words';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-data';

/** A demo account as the sign-in page offers it. */
export type DemoAccount = { email: string; name: string; roles: string };

/** The demo's accounts that exist here and are enabled, in the demo's order. */
export async function existingDemoAccounts() {
  const rows = await getDb()
    .select({ email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .where(and(inArray(users.email, DEMO_USERS.map((u) => u.email)), eq(users.disabled, false)));
  return DEMO_USERS.flatMap((u) => rows.filter((row) => row.email === u.email).map((row) => ({ ...u, passwordHash: row.passwordHash })));
}

/**
 * What the sign-in page offers on a demo server (`npm run demo` sets PROVENANT_DEMO=1): the demo accounts that exist
 * here, one click each, and their shared password. Nothing without the variable or without such accounts. Their
 * passwords are not checked here (a sign-in page must stay cheap to render); one changed since fails as any sign-in does.
 */
export async function demoAccountsOnSignIn(): Promise<{ accounts: DemoAccount[]; password: string } | undefined> {
  if (process.env.PROVENANT_DEMO !== '1') return undefined;
  const accounts = (await existingDemoAccounts()).map((u) => ({ email: u.email, name: u.name, roles: u.roles.map((role) => humanize(role).toLowerCase()).join(', ') }));
  return accounts.length > 0 ? { accounts, password: DEMO_PASSWORD } : undefined;
}
