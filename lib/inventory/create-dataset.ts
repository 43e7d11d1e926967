import 'server-only';
import { inTransaction } from '@/lib/db-helpers';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@/db';
import { datasets } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { markCreated } from '@/lib/idempotent';
import { preparedPerConnection, columnPlaceholders, withDefaults } from '@/lib/prepared-statements';
import { assertSystemLive } from './assert-system-live';
import { systemWithOwners } from './ownership';
import type { ZCreateDatasetInput } from './schemas';

// OpenLineage ingest looks a dataset up for every input and output of every event, so both statements are prepared.
const statements = preparedPerConnection((db) => ({
  find: db.select().from(datasets).where(and(eq(datasets.namespace, sql.placeholder('namespace')), eq(datasets.name, sql.placeholder('name')))).prepare(),
  insert: db.insert(datasets).values(columnPlaceholders(datasets)).returning().prepare(),
}));

/**
 * Idempotent on namespace + name: registering the same dataset again returns it unchanged. `known.absent`: the
 * caller has just looked it up in `outerTx` and found none (OpenLineage ingest), so it is not read again.
 */
export async function createDataset(actor: Actor, input: z.output<typeof ZCreateDatasetInput> & { facets?: Record<string, unknown> }, outerTx?: Tx, known?: { absent: true }) {
  assertCan(actor, 'dataset.register');
  if (input.systemId) await systemWithOwners(input.systemId);
  return await inTransaction(outerTx, async (tx) => {
    const { find, insert } = statements();
    const existing = known?.absent ? undefined : await find.get({ namespace: input.namespace, name: input.name });
    if (existing) return markCreated(existing, false);
    await assertSystemLive(tx, input.systemId, 'Datasets cannot be added');
    const row = await insert.get(withDefaults(datasets, { ...input, createdById: actor.userId }));
    await recordAudit(tx, actor, { action: 'dataset.created', entityType: 'dataset', entityId: row.id, after: row });
    return markCreated(row, true);
  });
}
