import 'server-only';
import { only, type Tx } from '@/db';
import { inTransaction } from '@/lib/db-helpers';
import { aiSystems } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { resolveClassification } from './classification';
import type { CreateSystemInput } from './schemas';

export async function createSystem(actor: Actor, input: CreateSystemInput, outerTx?: Tx) {
  assertCan(actor, 'system.create');
  const { riskAnswers: _answers, riskOverrideReason: _reason, ...fields } = input;
  const classification = resolveClassification(input, actor.email);
  return await inTransaction(outerTx, async (tx) => {
    const row = only(await tx
      .insert(aiSystems)
      .values({ ...fields, ...classification, tierAssessedAt: classification.riskRationale.classifiedAt, ownerId: actor.userId, createdById: actor.userId })
      .returning());
    await recordAudit(tx, actor, { action: 'system.created', entityType: 'ai_system', entityId: row.id, after: row });
    return row;
  });
}
