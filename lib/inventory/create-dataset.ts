import 'server-only';
import type { z } from 'zod';
import { getDb } from '@/db';
import { datasets } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { systemWithOwners } from './ownership';
import type { ZCreateDatasetInput } from './schemas';

export function createDataset(actor: Actor, input: z.output<typeof ZCreateDatasetInput>) {
  assertCan(actor, 'dataset.register');
  if (input.systemId) systemWithOwners(input.systemId);
  return getDb().transaction(
    (tx) => {
      const row = tx.insert(datasets).values({ ...input, createdById: actor.userId }).returning().get();
      recordAudit(tx, actor, { action: 'dataset.created', entityType: 'dataset', entityId: row.id, after: row });
      return row;
    },
    { behavior: 'immediate' },
  );
}
