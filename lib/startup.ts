import 'server-only';
import { getConnection } from '@/db';
import { systemActor } from '@/lib/auth/actor';
import { recoverInterruptedPacks } from '@/lib/packs/recover-interrupted-packs';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';

try {
  getConnection();
  ensureDefaultPolicies(systemActor('default policies'));
  recoverInterruptedPacks();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
