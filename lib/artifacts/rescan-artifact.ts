import 'server-only';
import { eq } from 'drizzle-orm';
import { first, withTransaction } from '@/db';
import { blobs } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { AuditActor } from '@/lib/auth/actor';
import { NotFound } from '@/lib/errors';
import { applyArtifactScan } from '@/lib/inventory/apply-artifact-scan';
import { getBlobStore } from '@/lib/storage/blob-store/blob-store';
import { scanArtifact, type ArtifactScan } from './scan/scan-artifact';

/**
 * Scans stored bytes again with the current scanner and records the detected format and verdict on the blob and on
 * every version with this digest, audited in one transaction. Used when a stored verdict comes from an older scanner.
 */
export async function rescanArtifact(actor: AuditActor, sha256: string): Promise<ArtifactScan> {
  const scanned = await getBlobStore().withLocalFile(sha256, scanArtifact);
  if (!scanned) throw new NotFound('Artifact bytes');
  const { format, scan } = scanned;
  return await withTransaction(async (tx) => {
    const stored = first(await tx.select({ format: blobs.format, scan: blobs.scan, size: blobs.size }).from(blobs).where(eq(blobs.sha256, sha256)).limit(1));
    if (!stored) throw new NotFound('Artifact');
    const { size, ...before } = stored;
    await tx.update(blobs).set({ format, scan }).where(eq(blobs.sha256, sha256));
    await recordAudit(tx, actor, { action: 'artifact.rescanned', entityType: 'artifact', entityId: sha256, before, after: { format, scan } });
    await applyArtifactScan(tx, actor, sha256, { format, size, ...scan });
    return scan;
  });
}
