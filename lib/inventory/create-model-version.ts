import 'server-only';
import { inTransaction } from '@/lib/db-helpers';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { first, only, type Tx } from '@/db';
import { blobs, modelVersions, type ModelFormat, type ScanFinding, type ScanStatus } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict, Invalid } from '@/lib/errors';
import { detectedFormatPhrase, formatName } from '@/lib/artifacts/format-name';
import { markCreated } from '@/lib/idempotent';
import { assertSystemLive } from './assert-system-live';
import { modelWithOwners } from './ownership';
import type { ZCreateModelVersionInput } from './schemas';

/**
 * When the bytes were uploaded, the version takes the format detected from them and their scan result. A claimed
 * format that disagrees with the bytes is refused rather than corrected: a pickle declared as safetensors is a
 * pipeline to look at, not a typo to fix silently. Without bytes the claim stands ('other' when nothing is claimed).
 */
export async function fromArtifact(tx: Tx, sha256: string, claimed: ModelFormat | null | undefined) {
  const blob = first(await tx.select().from(blobs).where(eq(blobs.sha256, sha256)).limit(1));
  if (!blob) return { format: claimed ?? 'other' };
  const detected = blob.format as ModelFormat;
  if (claimed && claimed !== detected) {
    throw new Invalid(`The stored bytes are ${detectedFormatPhrase(detected)}, not ${formatName(claimed)}; the format is read from the bytes.`, [
      { path: 'format', message: `The bytes with this digest are ${detectedFormatPhrase(detected)}. Leave the format out to record what they are.` },
    ]);
  }
  const scan = blob.scan as { status: ScanStatus; findings: ScanFinding[] } | null;
  return { format: detected, artifactSize: blob.size, ...(scan ? { scanStatus: scan.status, scanFindings: scan.findings } : {}) };
}

/**
 * Registers a version in `development`; later stages are reached only through promotion. Idempotent on
 * model + version label; the same label with another digest is a conflict.
 */
export async function createModelVersion(actor: Actor, input: z.output<typeof ZCreateModelVersionInput>, outerTx?: Tx) {
  const { ownerIds, model } = await modelWithOwners(input.modelId);
  assertCan(actor, 'model.register', { ownerIds });
  return await inTransaction(outerTx, async (tx) => {
    const existing = first(await tx.select().from(modelVersions).where(and(eq(modelVersions.modelId, input.modelId), eq(modelVersions.version, input.version))).limit(1));
    if (existing) {
      if (existing.artifactSha256 !== input.artifactSha256) throw new Conflict(`Version ${input.version} is already registered with another digest.`);
      return markCreated(existing, false);
    }
    // A replay of an existing registration changes nothing, so only a new version is refused.
    await assertSystemLive(tx, model.systemId, 'Versions cannot be added');
    const row = only(await tx
      .insert(modelVersions)
      .values({ ...input, ...await fromArtifact(tx, input.artifactSha256, input.format), stage: 'development', registeredById: actor.userId })
      .returning());
    await recordAudit(tx, actor, { action: 'model_version.created', entityType: 'model_version', entityId: row.id, after: row });
    return markCreated(row, true);
  });
}
