import 'server-only';
import type { z } from 'zod';
import { only, withTransaction } from '@/db';
import { promotionRequests, promotionSnapshots } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict } from '@/lib/errors';
import { assertSystemLive } from '@/lib/inventory/assert-system-live';
import { modelVersionWithOwners } from '@/lib/inventory/ownership';
import { emitEvent } from '@/lib/notify/emit-event';
import { activePeopleInRoles } from '@/lib/users/people-who-may';
import { gateForVersion } from './gate-context';
import type { ZRequestPromotionInput } from './schemas';
import { buildSnapshot } from './snapshot';
import { versionContext } from './version-context';

/**
 * Submits a promotion: only when the gate passes; freezes the snapshot, the policy version it was gated by and the
 * stage it was opened from (the request is live only while its version stays there). A rollback says so explicitly.
 */
export async function requestPromotion(actor: Actor, input: z.output<typeof ZRequestPromotionInput>) {
  assertCan(actor, 'promotion.request', { ownerIds: (await modelVersionWithOwners(input.modelVersionId)).ownerIds });
  const { rollback = false, ...fields } = input;
  return await withTransaction(async (tx) => {
    // Again as the transaction reads it (getDb() is the transaction here): the model may have changed hands since.
    assertCan(actor, 'promotion.request', { ownerIds: (await modelVersionWithOwners(input.modelVersionId)).ownerIds });
    const { gate, policy, version, system } = await gateForVersion(tx, input.modelVersionId, input.targetStage, { rollback });
    await assertSystemLive(tx, system.id, 'A promotion cannot be requested');
    if (!gate.passed || !policy) {
      const unmet = gate.requirements.filter((r) => !r.met).map((r) => `${r.label}: ${r.detail}`);
      throw new Conflict(`The gate does not pass, so the request cannot be submitted. ${unmet.join(' ')}`);
    }
    const snapshot = await buildSnapshot(tx, input.modelVersionId);
    await tx.insert(promotionSnapshots).values({ sha256: snapshot.sha256, canonicalJson: snapshot.json }).onConflictDoNothing();
    const request = only(await tx
      .insert(promotionRequests)
      .values({ ...fields, fromStage: version.stage, requesterId: actor.userId, policyId: policy.id, gateResult: gate, snapshotSha256: snapshot.sha256, expeditedRollback: gate.expeditedRollback })
      .returning());
    await recordAudit(tx, actor, { action: 'promotion.requested', entityType: 'promotion_request', entityId: request.id, after: { ...request, policyVersion: policy.version } });
    // Whoever may give a required signature is told, in the same transaction (never the requester: they cannot sign).
    const { model } = await versionContext(tx, version.id);
    const signers = await activePeopleInRoles(policy.rules.requiredApprovers.map((a) => a.role), tx);
    await emitEvent(tx, {
      type: 'promotion.requested',
      title: `${model.name} ${version.version} → ${request.targetStage}${request.expeditedRollback ? ' (rollback)' : ''} awaits your signature`,
      href: `/approvals/${request.id}`,
      entityType: 'promotion_request',
      entityId: request.id,
      recipients: signers.map((s) => s.id).filter((id) => id !== actor.userId),
      data: { modelVersionId: version.id, targetStage: request.targetStage, requesterId: actor.userId, policyVersion: policy.version, snapshotSha256: request.snapshotSha256, expeditedRollback: request.expeditedRollback },
    });
    return request;
  });
}
