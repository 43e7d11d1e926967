import 'server-only';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { first, getDb, returnedRow, withTransaction } from '@/db';
import { blobs, modelVersions, type ModelFormat } from '@/db/schema';
import { detectedFormatPhrase } from '@/lib/artifacts/format-name';
import { changedFields } from '@/lib/audit/changes';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict, Invalid } from '@/lib/errors';
import { assertSystemLive } from './assert-system-live';
import { modelVersionWithOwners } from './ownership';
import type { ZUpdateModelVersionInput } from './schemas';

/** Stored bytes decide their own format (re-upload or rescan updates it); only a claim without bytes may be corrected. */
async function assertFormatIsAClaim(sha256: string, format: ModelFormat) {
  const blob = first(await getDb().select({ format: blobs.format }).from(blobs).where(eq(blobs.sha256, sha256)).limit(1));
  if (blob && blob.format !== format) {
    throw new Invalid(`The stored bytes are ${detectedFormatPhrase(blob.format)}; the format is read from the bytes and cannot be edited.`, [
      { path: 'format', message: 'Upload the bytes again to rescan them; their format is recorded from what they are.' },
    ]);
  }
}

/** Edits descriptive fields. A stage in the input is refused (409) and the attempt is audited: stages move by promotion only. */
export async function updateModelVersion(actor: Actor, id: string, input: z.output<typeof ZUpdateModelVersionInput>) {
  const { version, model, ownerIds } = await modelVersionWithOwners(id);
  assertCan(actor, 'model.update', { ownerIds });
  const { stage, ...fields } = input;
  if (stage !== undefined) {
    await withTransaction(async (tx) =>
        await recordAudit(tx, actor, {
          action: 'model_version.stage_change_refused',
          entityType: 'model_version',
          entityId: id,
          before: { stage: version.stage },
          after: { requestedStage: stage },
        }));
    throw new Conflict('A stage changes only through an approved promotion request.');
  }
  if (fields.format !== undefined) await assertFormatIsAClaim(version.artifactSha256, fields.format);
  const { before, after, changed } = changedFields(version, fields);
  if (!changed) return version;
  return await withTransaction(async (tx) => {
    await assertSystemLive(tx, model.systemId, 'The version cannot be edited');
    const row = returnedRow(await tx
      .update(modelVersions)
      .set({ ...after, updatedAt: new Date().toISOString() })
      .where(eq(modelVersions.id, id))
      .returning());
    await recordAudit(tx, actor, { action: 'model_version.updated', entityType: 'model_version', entityId: id, before, after });
    return row;
  });
}
