import 'server-only';
import type { z } from 'zod';
import type { Tx } from '@/db';
import { inTransaction } from '@/lib/db-helpers';
import { models } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { assertSystemLive } from './assert-system-live';
import { systemWithOwners } from './ownership';
import type { ZCreateModelInput } from './schemas';

export function createModel(actor: Actor, input: z.output<typeof ZCreateModelInput>, outerTx?: Tx) {
  const { system, ownerIds } = systemWithOwners(input.systemId);
  assertCan(actor, 'model.register', { ownerIds });
  return inTransaction(outerTx, (tx) => {
    assertSystemLive(tx, system.id, 'Models cannot be added');
    const row = tx.insert(models).values({ ...input, createdById: actor.userId }).returning().get();
    recordAudit(tx, actor, { action: 'model.created', entityType: 'model', entityId: row.id, after: row });
    return row;
  });
}
