import { DEMO_PASSWORD, DEMO_USERS } from '@/lib/seed/demo-data';
import { seedDemo } from '@/lib/seed/seed-demo';
import type { CliValues } from './main';

export async function runSeed(values: CliValues): Promise<number> {
  if (!values.demo) {
    console.error('Usage: npm run cli -- seed --demo');
    return 2;
  }
  const seeded = await seedDemo();
  console.log(seeded ? 'Demo data seeded.' : 'The database already has users; demo data left as it is.');
  console.log(`\nDemo accounts (password for all: ${DEMO_PASSWORD}):`);
  for (const u of DEMO_USERS) console.log(`  ${u.email.padEnd(34)} ${u.roles.join(', ')}`);
  return 0;
}
