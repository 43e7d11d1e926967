import 'server-only';
import { inTransaction } from '@/lib/db-helpers';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@/db';
import { datasetVersions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict } from '@/lib/errors';
import { markCreated } from '@/lib/idempotent';
import { datasetWithOwners } from './ownership';
import type { ZCreateDatasetVersionInput } from './schemas';

/**
 * Registering a snapshot of a dataset adds to it without changing it, so any registrar may (pipelines do).
 * Idempotent on dataset + version label; the same label with another digest is a conflict.
 */
export function createDatasetVersion(actor: Actor, datasetId: string, input: z.output<typeof ZCreateDatasetVersionInput>, outerTx?: Tx) {
  assertCan(actor, 'dataset.register');
  datasetWithOwners(datasetId);
  return inTransaction(outerTx, (tx) => {
    const existing = tx.select().from(datasetVersions).where(and(eq(datasetVersions.datasetId, datasetId), eq(datasetVersions.version, input.version))).get();
    if (existing) {
      if ((existing.sha256 ?? null) !== (input.sha256 ?? null)) throw new Conflict(`Version ${input.version} is already registered with another digest.`);
      return markCreated(existing, false);
    }
    const row = tx.insert(datasetVersions).values({ ...input, datasetId, createdById: actor.userId }).returning().get();
    recordAudit(tx, actor, { action: 'dataset_version.created', entityType: 'dataset_version', entityId: row.id, after: row });
    return markCreated(row, true);
  });
}
