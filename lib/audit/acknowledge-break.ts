import 'server-only';
import { withTransaction } from '@/db';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { reauthenticate, settleReauthentication, type ReauthPurpose } from '@/lib/auth/reauthenticate';
import { Conflict, Forbidden } from '@/lib/errors';
import { acknowledgementKey, readAcknowledgements, type AcknowledgementRecord } from './acknowledgements';
import { recordAudit } from './record-event';
import type { AcknowledgeBreakInput } from './schemas';
import { verifyAuditChain, type ChainBreak } from './verify-chain';


/** The password again, as for signing; a wrong one is filed under the sequence it was for. */
const acknowledgeReauth = (seq: number): ReauthPurpose => ({
  activity: 'Acknowledging',
  outcome: 'acknowledged',
  failure: { action: 'audit.acknowledge_failed', entityType: 'audit_event', entityId: String(seq), after: { reason: 'wrong password' } },
});

/** The break the verifier reports first, if it is the one asked about; otherwise why not (409). */
async function brokenAt(seq: number): Promise<ChainBreak> {
  const chain = await verifyAuditChain();
  if (chain.firstBreak?.seq === seq) return chain.firstBreak;
  if (chain.acknowledgedBreaks.some((b) => b.seq === seq)) throw new Conflict(`The break at sequence ${seq} is already acknowledged.`);
  if (!chain.firstBreak) throw new Conflict(`Sequence ${seq} is not broken: the chain verifies${chain.acknowledgedBreaks.length ? ' with every break acknowledged' : ' intact'}.`);
  throw new Conflict(`Sequence ${seq} is not the first unacknowledged break; sequence ${chain.firstBreak.seq} is. Acknowledge breaks in chain order.`);
}

/**
 * Lets a break stand without editing history: appends `audit.break_acknowledged` naming the broken sequence, the
 * verifier's reason and digests, and the admin's reason. Verification then lists it and goes on after it. Only an
 * admin in the browser (tokens never: it needs the password), re-authenticated.
 */
export async function acknowledgeBreak(actor: Actor, input: AcknowledgeBreakInput) {
  assertCan(actor, 'audit.acknowledge_break');
  if (actor.type !== 'user') throw new Forbidden('API tokens never acknowledge a break: it needs your password, in the browser.');
  const proof = await reauthenticate(actor, input.password, acknowledgeReauth(input.seq));
  // Verified outside the write transaction (it reads the whole chain); a break never heals, so only a concurrent
  // acknowledgement of the same break can change the answer, and that is checked again inside.
  const found = await brokenAt(input.seq);
  return await withTransaction(async (tx) => {
    await settleReauthentication(tx, acknowledgeReauth(input.seq), proof, { permission: 'audit.acknowledge_break' });
    const existing = (await readAcknowledgements()).get(acknowledgementKey(found.seq, found.reason)) ?? [];
    if (existing.some((a) => a.storedHash === found.storedHash && a.computedHash === found.computedHash)) {
      throw new Conflict(`The break at sequence ${found.seq} is already acknowledged.`);
    }
    const record: AcknowledgementRecord = { brokenSeq: found.seq, verifierReason: found.reason, storedHash: found.storedHash, computedHash: found.computedHash, reason: input.reason };
    const event = await recordAudit(tx, actor, { action: 'audit.break_acknowledged', entityType: 'audit_event', entityId: String(found.seq), after: record });
    return { ...record, acknowledgedSeq: event.seq, acknowledgedAt: event.at, acknowledgedBy: event.actorLabel };
  });
}
