import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { first, returnedRow, withTransaction } from '@/db';
import { models } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict, NotFound } from '@/lib/errors';
import { assertSystemLive } from '@/lib/inventory/assert-system-live';
import { syncWaitingVersions } from './apply-event';
import { mlflowModelRef } from './resolve-model';

export const ZMapMlflowModelInput = z.object({
  name: z.string().trim().min(1, 'Required.').max(500, 'At most 500 characters.'),
  modelId: z.string().trim().min(1, 'Choose a model.').max(100),
});

/**
 * An admin says which Provenant model an MLflow registered model is (models.externalRef), once: a model keeps the
 * MLflow name it was mapped to. Versions that waited for the mapping are registered in the same transaction.
 */
export async function mapMlflowModel(actor: Actor, input: z.output<typeof ZMapMlflowModelInput>, now = new Date()) {
  assertCan(actor, 'integration.manage');
  const ref = mlflowModelRef(input.name);
  return await withTransaction(async (tx) => {
    const model = first(await tx.select().from(models).where(eq(models.id, input.modelId)).limit(1));
    if (!model) throw new NotFound('Model');
    await assertSystemLive(tx, model.systemId, 'The model cannot be mapped');
    if (model.externalRef === ref) return { model, registered: 0 };
    if (model.externalRef) throw new Conflict(`"${model.name}" is already mapped to ${model.externalRef}.`);
    const taken = first(await tx.select({ name: models.name }).from(models).where(eq(models.externalRef, ref)).limit(1));
    if (taken) throw new Conflict(`MLflow's "${input.name}" is already mapped to the model "${taken.name}".`);
    const after = returnedRow(await tx.update(models).set({ externalRef: ref, updatedAt: now.toISOString() }).where(eq(models.id, model.id)).returning());
    await recordAudit(tx, actor, { action: 'model.updated', entityType: 'model', entityId: model.id, before: { externalRef: null }, after: { externalRef: ref } });
    return { model: after, registered: await syncWaitingVersions(tx, actor, input.name, now) };
  });
}
