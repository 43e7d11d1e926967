import 'server-only';
import { only, type Tx } from '@/db';
import { inTransaction } from '@/lib/db-helpers';
import { aiSystems } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Invalid } from '@/lib/errors';
import { personWhoMay } from '@/lib/users/people-who-may';
import { resolveClassification } from './classification';
import type { CreateSystemInput } from './schemas';
import { OWNER_PERMISSION } from './system-owner';
import { assertReviewDate } from '@/lib/reviews/cadence';

/** Where an imported system came from: the register file's SHA-256 and the line of its row, kept in its audit event. */
export type ImportedFrom = { fileSha256: string; line: number };

/**
 * Registers a system, owned by its registrant, or by `ownerId` for someone who may act on that person's systems (a
 * risk officer bringing in a register): an active data scientist, since the owner registers the system's models.
 */
export async function createSystem(actor: Actor, input: CreateSystemInput, outerTx?: Tx, on: { ownerId?: string; importedFrom?: ImportedFrom } = {}) {
  assertCan(actor, 'system.create');
  const ownerId = on.ownerId ?? actor.userId;
  if (ownerId !== actor.userId) assertCan(actor, 'system.update', { ownerIds: [ownerId] });
  const { riskAnswers: _answers, riskOverrideReason: _reason, ...fields } = input;
  const classification = resolveClassification(input, actor.email);
  return await inTransaction(outerTx, async (tx) => {
    await assertReviewDate(tx, actor, classification.riskTier, input.nextReviewDate);
    if (ownerId !== actor.userId && !(await personWhoMay(ownerId, OWNER_PERMISSION, tx))) throw new Invalid('The owner must be an active data scientist: the owner registers the system’s models.', [{ path: 'ownerId', message: 'Choose an active data scientist.' }]);
    const row = only(await tx
      .insert(aiSystems)
      .values({ ...fields, ...classification, tierAssessedAt: classification.riskRationale.classifiedAt, ownerId, createdById: actor.userId })
      .returning());
    await recordAudit(tx, actor, { action: 'system.created', entityType: 'ai_system', entityId: row.id, after: on.importedFrom ? { ...row, importedFrom: on.importedFrom } : row });
    return row;
  });
}
