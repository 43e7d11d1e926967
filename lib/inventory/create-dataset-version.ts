import 'server-only';
import { inTransaction } from '@/lib/db-helpers';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@/db';
import { datasets, datasetVersions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict, NotFound } from '@/lib/errors';
import { markCreated } from '@/lib/idempotent';
import { preparedPerConnection, columnPlaceholders, withDefaults } from '@/lib/prepared-statements';
import { triggerReviewsForNewDatasetVersion } from '@/lib/reviews/trigger-upstream-dataset';
import { assertSystemLive } from './assert-system-live';
import type { ZCreateDatasetVersionInput } from './schemas';

// OpenLineage ingest resolves a version for every input and output of every event, so its statements are prepared.
const statements = preparedPerConnection((db) => ({
  find: db.select().from(datasetVersions).where(and(eq(datasetVersions.datasetId, sql.placeholder('datasetId')), eq(datasetVersions.version, sql.placeholder('version')))).prepare(),
  dataset: db.select({ systemId: datasets.systemId }).from(datasets).where(eq(datasets.id, sql.placeholder('id'))).prepare(),
  insert: db.insert(datasetVersions).values(columnPlaceholders(datasetVersions)).returning().prepare(),
}));

/**
 * What the caller already read in this transaction (OpenLineage ingest): the version of this label (null: none), the
 * dataset's system, and whether the dataset was created in it (then it has no earlier version anything came from).
 */
export type KnownDatasetVersion = { existing: typeof datasetVersions.$inferSelect | null; systemId: string | null; datasetIsNew?: boolean };

/**
 * Registering a snapshot of a dataset adds to it without changing it, so any registrar may (pipelines do).
 * Idempotent on dataset + version label; the same label with another digest is a conflict.
 */
export async function createDatasetVersion(actor: Actor, datasetId: string, input: z.output<typeof ZCreateDatasetVersionInput>, outerTx?: Tx, known?: KnownDatasetVersion) {
  assertCan(actor, 'dataset.register');
  return await inTransaction(outerTx, async (tx) => {
    const { find, dataset, insert } = statements();
    const existing = known ? known.existing : await find.get({ datasetId, version: input.version });
    if (existing) {
      if ((existing.sha256 ?? null) !== (input.sha256 ?? null)) throw new Conflict(`Version ${input.version} is already registered with another digest.`);
      return markCreated(existing, false);
    }
    // An existing version proves its dataset exists; only a new one needs the check (and the system's status).
    const owner = known ?? (await dataset.get({ id: datasetId }));
    if (!owner) throw new NotFound('Dataset');
    await assertSystemLive(tx, owner.systemId, 'Dataset versions cannot be added');
    const row = await insert.get(withDefaults(datasetVersions, { ...input, datasetId, createdById: actor.userId }));
    await recordAudit(tx, actor, { action: 'dataset_version.created', entityType: 'dataset_version', entityId: row.id, after: row });
    if (!known?.datasetIsNew) await triggerReviewsForNewDatasetVersion(tx, actor, row);
    return markCreated(row, true);
  });
}
