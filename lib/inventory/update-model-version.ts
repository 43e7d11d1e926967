import 'server-only';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { getDb } from '@/db';
import { modelVersions } from '@/db/schema';
import { changedFields } from '@/lib/audit/changes';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict } from '@/lib/errors';
import { assertSystemLive } from './assert-system-live';
import { modelVersionWithOwners } from './ownership';
import type { ZUpdateModelVersionInput } from './schemas';

/** Edits descriptive fields. A stage in the input is refused (409) and the attempt is audited: stages move by promotion only. */
export function updateModelVersion(actor: Actor, id: string, input: z.output<typeof ZUpdateModelVersionInput>) {
  const { version, model, ownerIds } = modelVersionWithOwners(id);
  assertCan(actor, 'model.update', { ownerIds });
  const db = getDb();
  const { stage, ...fields } = input;
  if (stage !== undefined) {
    db.transaction(
      (tx) =>
        recordAudit(tx, actor, {
          action: 'model_version.stage_change_refused',
          entityType: 'model_version',
          entityId: id,
          before: { stage: version.stage },
          after: { requestedStage: stage },
        }),
      { behavior: 'immediate' },
    );
    throw new Conflict('A stage changes only through an approved promotion request.');
  }
  const { before, after, changed } = changedFields(version, fields);
  if (!changed) return version;
  return db.transaction(
    (tx) => {
      assertSystemLive(tx, model.systemId, 'The version cannot be edited');
      const row = tx
        .update(modelVersions)
        .set({ ...after, updatedAt: new Date().toISOString() })
        .where(eq(modelVersions.id, id))
        .returning()
        .get();
      recordAudit(tx, actor, { action: 'model_version.updated', entityType: 'model_version', entityId: id, before, after });
      return row;
    },
    { behavior: 'immediate' },
  );
}
