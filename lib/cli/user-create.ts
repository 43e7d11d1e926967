import { systemActor } from '@/lib/auth/actor';
import { parseInput } from '@/lib/http/to-domain-error';
import { DomainError } from '@/lib/errors';
import { createUser } from '@/lib/users/create-user';
import { ZCreateUserInput } from '@/lib/users/schemas';
import type { CliValues } from './main';
import { readStdin } from './read-stdin';

export async function runUserCreate(values: CliValues): Promise<number> {
  if (!values['password-stdin']) {
    console.error('Pass the password on standard input with --password-stdin (never as an argument).');
    return 2;
  }
  try {
    const input = parseInput(ZCreateUserInput, { email: values.email, name: values.name, roles: values.role ?? [], password: await readStdin() });
    const user = await createUser(systemActor('cli'), input);
    console.log(`Created ${user.email} (${user.roles.join(', ')}) id=${user.id}`);
    return 0;
  } catch (error) {
    if (error instanceof DomainError) {
      console.error([error.message, ...(error.issues ?? []).map((i) => `  ${i.path}: ${i.message}`)].join('\n'));
      return 1;
    }
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
      console.error(`A user with email ${values.email} already exists.`);
      return 1;
    }
    throw error;
  }
}
