import 'server-only';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { getDb } from '@/db';
import { datasets } from '@/db/schema';
import { changedFields } from '@/lib/audit/changes';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { assertSystemLive } from './assert-system-live';
import { datasetWithOwners } from './ownership';
import type { ZUpdateDatasetInput } from './schemas';

export function updateDataset(actor: Actor, id: string, input: z.output<typeof ZUpdateDatasetInput>) {
  const { dataset, ownerIds } = datasetWithOwners(id);
  assertCan(actor, 'dataset.update', { ownerIds });
  const { before, after, changed } = changedFields(dataset, input);
  if (!changed) return dataset;
  return getDb().transaction(
    (tx) => {
      assertSystemLive(tx, dataset.systemId, 'The dataset cannot be edited');
      const row = tx.update(datasets).set({ ...after, updatedAt: new Date().toISOString() }).where(eq(datasets.id, id)).returning().get();
      recordAudit(tx, actor, { action: 'dataset.updated', entityType: 'dataset', entityId: id, before, after });
      return row;
    },
    { behavior: 'immediate' },
  );
}
