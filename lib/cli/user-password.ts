import { eq } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { users } from '@/db/schema';
import { systemActor } from '@/lib/auth/actor';
import { parseInput } from '@/lib/http/to-domain-error';
import { DomainError } from '@/lib/errors';
import { resetPassword } from '@/lib/users/passwords';
import { ZResetPasswordInput } from '@/lib/users/schemas';
import type { CliValues } from './main';
import { readStdin } from './read-stdin';

/**
 * A temporary password for an existing account, from the server's command line: for someone nobody in the browser may
 * reset (the only holder of a role). Their sessions end and they choose their own at the next sign-in; their roles stay.
 */
export async function runUserPassword(values: CliValues): Promise<number> {
  if (!values['password-stdin']) {
    console.error('Pass the temporary password on standard input with --password-stdin (never as an argument).');
    return 2;
  }
  const user = first(await getDb().select({ id: users.id, email: users.email }).from(users).where(eq(users.email, (values.email ?? '').trim().toLowerCase())).limit(1));
  if (!user) {
    console.error(`No account with email ${values.email ?? '(none given)'}.`);
    return 1;
  }
  try {
    await resetPassword(systemActor('cli'), user.id, parseInput(ZResetPasswordInput, { password: await readStdin() }));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    console.error([error.message, ...(error.issues ?? []).map((i) => `  ${i.path}: ${i.message}`)].join('\n'));
    return 1;
  }
  console.log(`${user.email} has a temporary password: they choose their own at their next sign-in.`);
  return 0;
}
