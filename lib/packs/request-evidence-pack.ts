import 'server-only';
import { and, count, eq } from 'drizzle-orm';
import { first, only, withTransaction, type Tx } from '@/db';
import { aiSystems, evidencePacks, modelVersions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Invalid, TooManyRequests } from '@/lib/errors';
import { packLimits } from './pack-limits';
import { loadEvidencePack } from './queries';
import { currentRunnerId } from './runner-id';
import { startQueuedPacks } from './start-queued-packs';
import type { RequestEvidencePackInput } from './schemas';

async function assertScopeExists(tx: Tx, input: RequestEvidencePackInput) {
  if (input.scopeType === 'inventory' || !input.scopeId) return;
  const table = input.scopeType === 'system' ? aiSystems : modelVersions;
  if (!first(await tx.select({ id: table.id }).from(table).where(eq(table.id, input.scopeId)).limit(1))) {
    const what = input.scopeType === 'system' ? 'AI system' : 'model version';
    throw new Invalid(`No ${what} with this id.`, [{ path: 'scopeId', message: `No ${what} with this id.` }]);
  }
}

async function assertQueueRoom(tx: Tx, actor: Actor) {
  const { queuedPerUser } = packLimits();
  const waiting = first(await tx.select({ n: count() }).from(evidencePacks).where(and(eq(evidencePacks.requestedById, actor.userId), eq(evidencePacks.status, 'queued'))).limit(1))?.n ?? 0;
  if (waiting >= queuedPerUser) throw new TooManyRequests(`You already have ${waiting} evidence packs waiting (the limit is ${queuedPerUser}); request more once they have run.`);
}

/**
 * Queues an evidence pack for the scope and period; the row and its `evidence_pack.requested` event commit together.
 * Generation happens elsewhere (a child process), so this returns at once with the queued record.
 */
export async function requestEvidencePack(actor: Actor, input: RequestEvidencePackInput) {
  assertCan(actor, 'pack.generate');
  return await withTransaction(async (tx) => {
    await assertScopeExists(tx, input);
    await assertQueueRoom(tx, actor);
    const pack = only(await tx
      .insert(evidencePacks)
      .values({
        scopeType: input.scopeType,
        scopeId: input.scopeType === 'inventory' ? null : (input.scopeId ?? null),
        periodFrom: input.periodFrom ?? null,
        periodTo: input.periodTo ?? null,
        requestedById: actor.userId,
        runnerId: currentRunnerId(),
        phase: 'queued',
      })
      .returning());
    await recordAudit(tx, actor, { action: 'evidence_pack.requested', entityType: 'evidence_pack', entityId: pack.id, after: pack });
    return pack;
  });
}

/** What POST /api/v1/evidence-packs does: queue the pack, start generators where slots are free, answer the record. */
export async function requestAndLaunchEvidencePack(actor: Actor, input: RequestEvidencePackInput) {
  const pack = await requestEvidencePack(actor, input);
  await startQueuedPacks();
  return await loadEvidencePack(pack.id);
}
