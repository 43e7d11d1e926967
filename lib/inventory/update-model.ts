import 'server-only';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { returnedRow, withTransaction } from '@/db';
import { models } from '@/db/schema';
import { changedFields } from '@/lib/audit/changes';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { assertSystemLive } from './assert-system-live';
import { modelWithOwners } from './ownership';
import type { ZUpdateModelInput } from './schemas';

export async function updateModel(actor: Actor, id: string, input: z.output<typeof ZUpdateModelInput>) {
  const { model, ownerIds } = await modelWithOwners(id);
  assertCan(actor, 'model.update', { ownerIds });
  const { before, after, changed } = changedFields(model, input);
  if (!changed) return model;
  return await withTransaction(async (tx) => {
    await assertSystemLive(tx, model.systemId, 'The model cannot be edited');
    const row = returnedRow(await tx.update(models).set({ ...after, updatedAt: new Date().toISOString() }).where(eq(models.id, id)).returning());
    await recordAudit(tx, actor, { action: 'model.updated', entityType: 'model', entityId: id, before, after });
    return row;
  });
}
