import { verifyPassword } from '@/lib/auth/password';
import { DEMO_PASSWORD, DEMO_USERS } from '@/lib/seed/demo-data';
import { existingDemoAccounts } from '@/lib/seed/demo-accounts';
import { seedDemo } from '@/lib/seed/seed-demo';
import type { CliValues } from './main';

/** Demo accounts that exist, are enabled and still take the demo password: the only ones worth printing. */
async function usableDemoAccounts() {
  const usable = [];
  for (const account of await existingDemoAccounts()) if (await verifyPassword(DEMO_PASSWORD, account.passwordHash)) usable.push(account);
  return usable;
}

export async function runSeed(values: CliValues): Promise<number> {
  if (!values.demo) {
    console.error('Usage: npm run cli -- seed --demo');
    return 2;
  }
  const seeded = await seedDemo();
  console.log(seeded ? 'Demo data seeded.' : 'Seeded nothing: the database already has users, so demo data was not added.');
  const accounts = seeded ? DEMO_USERS : await usableDemoAccounts();
  if (accounts.length === 0) {
    console.log('No demo account exists here; sign in with an account of this database.');
    return 0;
  }
  console.log(`\nDemo accounts (password for all: ${DEMO_PASSWORD}):`);
  for (const u of accounts) console.log(`  ${u.email.padEnd(34)} ${u.roles.join(', ')}`);
  return 0;
}
