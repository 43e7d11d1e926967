import 'server-only';
import type { z } from 'zod';
import { getDb } from '@/db';
import { datasetVersions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { datasetWithOwners } from './ownership';
import type { ZCreateDatasetVersionInput } from './schemas';

export function createDatasetVersion(actor: Actor, datasetId: string, input: z.output<typeof ZCreateDatasetVersionInput>) {
  const { ownerIds } = datasetWithOwners(datasetId);
  assertCan(actor, 'dataset.update', { ownerIds });
  return getDb().transaction(
    (tx) => {
      const row = tx.insert(datasetVersions).values({ ...input, datasetId, createdById: actor.userId }).returning().get();
      recordAudit(tx, actor, { action: 'dataset_version.created', entityType: 'dataset_version', entityId: row.id, after: row });
      return row;
    },
    { behavior: 'immediate' },
  );
}
