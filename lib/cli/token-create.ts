import { eq } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { users } from '@/db/schema';
import { systemActor } from '@/lib/auth/actor';
import { createApiToken, ZCreateApiTokenInput } from '@/lib/auth/create-api-token';
import { parseInput } from '@/lib/http/to-domain-error';
import type { CliValues } from './main';

export async function runTokenCreate(values: CliValues): Promise<number> {
  const user = first(await getDb().select().from(users).where(eq(users.email, (values.email ?? '').toLowerCase())).limit(1));
  if (!user) {
    console.error(`No user with email ${values.email}.`);
    return 1;
  }
  const input = parseInput(ZCreateApiTokenInput, {
    name: values.name,
    scopes: values.scope ?? [],
    expiresInDays: values['expires-days'] ? Number(values['expires-days']) : null,
  });
  const token = await createApiToken(systemActor('cli'), user.id, input);
  console.error(`Token "${token.name}" for ${user.email} (scopes: ${token.scopes.join(', ')}). The secret is shown once:`);
  console.log(token.secret);
  return 0;
}
