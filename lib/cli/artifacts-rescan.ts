import { getDb } from '@/db';
import { blobs } from '@/db/schema';
import { systemActor } from '@/lib/auth/actor';
import { rescanArtifact } from '@/lib/artifacts/rescan-artifact';
import { isCurrentScan } from '@/lib/artifacts/scan/scan-artifact';

/** `artifacts rescan`: every stored artifact whose verdict comes from an older scanner is scanned again (audited). */
export async function runArtifactsRescan(): Promise<number> {
  const stale = (await getDb().select({ sha256: blobs.sha256, scan: blobs.scan }).from(blobs)).filter((b) => !isCurrentScan(b.scan));
  const actor = systemActor('artifacts rescan');
  let failed = 0;
  for (const { sha256 } of stale) {
    try {
      const scan = await rescanArtifact(actor, sha256);
      console.log(`${sha256} ${scan.status}`);
    } catch (error) {
      failed += 1;
      console.error(`${sha256} could not be scanned: ${(error as Error).message}`);
    }
  }
  console.log(`Rescanned ${stale.length - failed} of ${stale.length} artifacts with an older verdict.`);
  return failed > 0 ? 1 : 0;
}
