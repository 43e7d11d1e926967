import 'server-only';
import { inTransaction } from '@/lib/db-helpers';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@/db';
import { datasets } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { markCreated } from '@/lib/idempotent';
import { systemWithOwners } from './ownership';
import type { ZCreateDatasetInput } from './schemas';

/** Idempotent on namespace + name: registering the same dataset again returns it unchanged. */
export function createDataset(actor: Actor, input: z.output<typeof ZCreateDatasetInput> & { facets?: Record<string, unknown> }, outerTx?: Tx) {
  assertCan(actor, 'dataset.register');
  if (input.systemId) systemWithOwners(input.systemId);
  return inTransaction(outerTx, (tx) => {
    const existing = tx.select().from(datasets).where(and(eq(datasets.namespace, input.namespace), eq(datasets.name, input.name))).get();
    if (existing) return markCreated(existing, false);
    const row = tx.insert(datasets).values({ ...input, createdById: actor.userId }).returning().get();
    recordAudit(tx, actor, { action: 'dataset.created', entityType: 'dataset', entityId: row.id, after: row });
    return markCreated(row, true);
  });
}
