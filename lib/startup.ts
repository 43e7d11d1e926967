import 'server-only';
import { databaseReady } from '@/db';
import { systemActor } from '@/lib/auth/actor';
import { authSecret } from '@/lib/auth/secret';
import { maxTokenDays } from '@/lib/auth/create-api-token';
import { prepareBomValidator } from '@/lib/inventory/cyclonedx/validate-bom';
import { archiveVersionsOfRetiredSystems } from '@/lib/inventory/archive-retired-versions';
import { prepareRunEventValidator } from '@/lib/lineage/openlineage/validate-event';
import { recoverInterruptedPacks } from '@/lib/packs/recover-interrupted-packs';
import { startQueuedPacks } from '@/lib/packs/start-queued-packs';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { ensureSigningKey } from '@/lib/signing/attest/ensure-signing-key';
import { getBlobStore } from '@/lib/storage/blob-store/blob-store';
import { sweepLeftovers } from '@/lib/storage/sweep-leftovers';

// `next build` may load the instrumentation too: it must not sweep or start generators beside a running server.
const serving = process.env.NEXT_PHASE !== 'phase-production-build';

/** Opens the database and the blob store and settles what the server needs before its first request; exits on failure. */
export async function start() {
  try {
    authSecret();
    maxTokenDays();
    await databaseReady();
    getBlobStore();
    await ensureDefaultPolicies(systemActor('default policies'));
    await ensureSigningKey();
    if (serving) {
      await archiveVersionsOfRetiredSystems(systemActor('retirement'));
      await recoverInterruptedPacks();
      sweepLeftovers().catch((error: unknown) => {
        console.error(`The start-up sweep failed: ${error instanceof Error ? error.message : error}`);
        process.exit(1);
      });
      await startQueuedPacks();
      // The JSON Schema validators compile once, right after start rather than inside someone's first request.
      setImmediate(() => {
        prepareRunEventValidator();
        prepareBomValidator();
      });
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
