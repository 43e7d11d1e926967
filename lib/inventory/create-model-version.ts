import 'server-only';
import { inTransaction } from '@/lib/db-helpers';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@/db';
import { blobs, modelVersions, type ModelFormat, type ScanFinding, type ScanStatus } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict } from '@/lib/errors';
import { markCreated } from '@/lib/idempotent';
import { assertSystemLive } from './assert-system-live';
import { modelWithOwners } from './ownership';
import type { ZCreateModelVersionInput } from './schemas';

/** When the bytes were uploaded, the version takes the format detected from them and their scan result. */
function fromStoredArtifact(tx: Tx, sha256: string) {
  const blob = tx.select().from(blobs).where(eq(blobs.sha256, sha256)).get();
  if (!blob) return {};
  const scan = blob.scan as { status: ScanStatus; findings: ScanFinding[] } | null;
  return {
    artifactSize: blob.size,
    ...(blob.format !== 'other' ? { format: blob.format as ModelFormat } : {}),
    ...(scan ? { scanStatus: scan.status, scanFindings: scan.findings } : {}),
  };
}

/**
 * Registers a version in `development`; later stages are reached only through promotion. Idempotent on
 * model + version label; the same label with another digest is a conflict.
 */
export function createModelVersion(actor: Actor, input: z.output<typeof ZCreateModelVersionInput>, outerTx?: Tx) {
  const { ownerIds, model } = modelWithOwners(input.modelId);
  assertCan(actor, 'model.register', { ownerIds });
  return inTransaction(outerTx, (tx) => {
    const existing = tx.select().from(modelVersions).where(and(eq(modelVersions.modelId, input.modelId), eq(modelVersions.version, input.version))).get();
    if (existing) {
      if (existing.artifactSha256 !== input.artifactSha256) throw new Conflict(`Version ${input.version} is already registered with another digest.`);
      return markCreated(existing, false);
    }
    // A replay of an existing registration changes nothing, so only a new version is refused.
    assertSystemLive(tx, model.systemId, 'Versions cannot be added');
    const row = tx
      .insert(modelVersions)
      .values({ ...input, ...fromStoredArtifact(tx, input.artifactSha256), stage: 'development', registeredById: actor.userId })
      .returning()
      .get();
    recordAudit(tx, actor, { action: 'model_version.created', entityType: 'model_version', entityId: row.id, after: row });
    return markCreated(row, true);
  });
}
