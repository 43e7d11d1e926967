import 'server-only';
import type { z } from 'zod';
import { only, type Tx } from '@/db';
import { inTransaction } from '@/lib/db-helpers';
import { models } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { assertSystemLive } from './assert-system-live';
import { systemWithOwners } from './ownership';
import type { ZCreateModelInput } from './schemas';

export async function createModel(actor: Actor, input: z.output<typeof ZCreateModelInput>, outerTx?: Tx) {
  const { system, ownerIds } = await systemWithOwners(input.systemId);
  assertCan(actor, 'model.register', { ownerIds });
  return await inTransaction(outerTx, async (tx) => {
    await assertSystemLive(tx, system.id, 'Models cannot be added');
    const row = only(await tx.insert(models).values({ ...input, createdById: actor.userId }).returning());
    await recordAudit(tx, actor, { action: 'model.created', entityType: 'model', entityId: row.id, after: row });
    return row;
  });
}
