import 'server-only';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { returnedRow, withTransaction } from '@/db';
import { datasets } from '@/db/schema';
import { changedFields } from '@/lib/audit/changes';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { assertSystemLive } from './assert-system-live';
import { datasetWithOwners } from './ownership';
import type { ZUpdateDatasetInput } from './schemas';

export async function updateDataset(actor: Actor, id: string, input: z.output<typeof ZUpdateDatasetInput>) {
  const { dataset, ownerIds } = await datasetWithOwners(id);
  assertCan(actor, 'dataset.update', { ownerIds });
  const { before, after, changed } = changedFields(dataset, input);
  if (!changed) return dataset;
  return await withTransaction(async (tx) => {
    await assertSystemLive(tx, dataset.systemId, 'The dataset cannot be edited');
    const row = returnedRow(await tx.update(datasets).set({ ...after, updatedAt: new Date().toISOString() }).where(eq(datasets.id, id)).returning());
    await recordAudit(tx, actor, { action: 'dataset.updated', entityType: 'dataset', entityId: id, before, after });
    return row;
  });
}
