import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { getDb, returnedRow, withTransaction } from '@/db';
import { evaluations } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { Conflict } from '@/lib/errors';
import { assertSystemLive } from '@/lib/inventory/assert-system-live';
import { assertMayRetract, evaluationWithOwners } from './evaluation-owners';
import type { ZRetractEvaluationInput } from './schemas';

/**
 * Retracts a wrong record: it stays, struck through with the reason, and never counts again. An active or superseded record
 * can be retracted (a conditional update, so two retractions cannot both succeed).
 */
export async function retractEvaluation(actor: Actor, id: string, input: z.output<typeof ZRetractEvaluationInput>) {
  // A quick refusal before waiting for the write lock, then the same judgement on the rows as they are inside it:
  // a transfer committed in between leaves the previous owner nothing to retract.
  assertMayRetract(actor, await evaluationWithOwners(getDb(), id));
  return await withTransaction(async (tx) => {
    const owners = await evaluationWithOwners(tx, id);
    assertMayRetract(actor, owners);
    await assertSystemLive(tx, owners.systemId, 'The evidence cannot be retracted');
    const now = new Date().toISOString();
    // A superseded record may be retracted too: a failed threshold it stated still counts until then (stated-failures.ts).
    const was = owners.evaluation.status;
    const row = was === 'retracted' ? null : returnedRow(await tx
      .update(evaluations)
      .set({ status: 'retracted', statusReason: input.reason, statusChangedAt: now, statusChangedById: actor.userId })
      .where(and(eq(evaluations.id, id), eq(evaluations.status, was)))
      .returning());
    if (!row) throw new Conflict('This record is already retracted.');
    await recordAudit(tx, actor, {
      action: 'evaluation.retracted',
      entityType: 'evaluation',
      entityId: id,
      before: { status: was },
      after: { status: 'retracted', statusReason: input.reason, statusChangedAt: now },
    });
    return row;
  });
}
