import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { unguardedWriter } from '@/db';
import { users } from '@/db/schema';
import { systemActor } from '@/lib/auth/actor';
import { createUser } from '@/lib/users/create-user';
import { demoAccountsOnSignIn } from './demo-accounts';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-data';

afterEach(() => {
  delete process.env.PROVENANT_DEMO;
});

describe('the demo accounts the sign-in page offers', () => {
  it('are none without PROVENANT_DEMO=1, and only those that exist here and are enabled with it', async () => {
    process.env.PROVENANT_DEMO = '1';
    expect(await demoAccountsOnSignIn()).toBeUndefined();
    const [rita, aude] = [DEMO_USERS.find((u) => u.roles.includes('risk_officer'))!, DEMO_USERS.find((u) => u.roles.includes('auditor'))!];
    for (const person of [rita, aude]) await createUser(systemActor('test'), { ...person, password: DEMO_PASSWORD });
    expect(await demoAccountsOnSignIn()).toEqual({ password: DEMO_PASSWORD, accounts: [{ email: rita.email, name: rita.name, roles: 'risk officer' }, { email: aude.email, name: aude.name, roles: 'auditor' }] });
    await unguardedWriter().update(users).set({ disabled: true }).where(eq(users.email, aude.email));
    expect((await demoAccountsOnSignIn())!.accounts.map((a) => a.email)).toEqual([rita.email]);
    for (const value of [undefined, '0', 'true']) {
      if (value === undefined) delete process.env.PROVENANT_DEMO;
      else process.env.PROVENANT_DEMO = value;
      expect(await demoAccountsOnSignIn()).toBeUndefined();
    }
  });
});
