import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { modelVersions, type ModelFormat, type ScanFinding, type ScanStatus } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { AuditActor } from '@/lib/auth/actor';
import { canonicalJson } from '@/lib/canonical-json';

/**
 * The format, size and scan belong to the bytes: every version registered with this digest takes the format detected
 * in the uploaded bytes, their measured size (a size claimed at registration gives way) and their scan (one audited
 * `model_version.scan_updated` per version that changes), in the upload's or rescan's transaction.
 */
export async function applyArtifactScan(tx: Tx, actor: AuditActor, sha256: string, scan: { format: ModelFormat; size: number; status: ScanStatus; findings: ScanFinding[] }) {
  const versions = await tx
    .select({ id: modelVersions.id, format: modelVersions.format, artifactSize: modelVersions.artifactSize, scanStatus: modelVersions.scanStatus, scanFindings: modelVersions.scanFindings })
    .from(modelVersions)
    .where(eq(modelVersions.artifactSha256, sha256));
  const stale = versions.filter((v) => v.format !== scan.format || v.artifactSize !== scan.size || v.scanStatus !== scan.status || canonicalJson(v.scanFindings) !== canonicalJson(scan.findings));
  for (const v of stale) {
    await tx.update(modelVersions)
      .set({ format: scan.format, artifactSize: scan.size, scanStatus: scan.status, scanFindings: scan.findings, updatedAt: new Date().toISOString() })
      .where(and(eq(modelVersions.id, v.id), eq(modelVersions.artifactSha256, sha256)));
    await recordAudit(tx, actor, {
      action: 'model_version.scan_updated',
      entityType: 'model_version',
      entityId: v.id,
      before: { format: v.format, artifactSize: v.artifactSize, scanStatus: v.scanStatus, scanFindings: v.scanFindings },
      after: { format: scan.format, artifactSize: scan.size, scanStatus: scan.status, scanFindings: scan.findings, artifactSha256: sha256 },
    });
  }
  return stale.map((v) => v.id);
}
