import 'server-only';
import { eq } from 'drizzle-orm';
import { getConnection, getDb } from '@/db';
import { users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { verifyPassword } from '@/lib/auth/password';
import { assertCan } from '@/lib/auth/permissions';
import { clearFailures, lockedForMs, recordFailure } from '@/lib/auth/sign-in-throttle';
import { Conflict, Forbidden, Invalid } from '@/lib/errors';
import { acknowledgementKey, readAcknowledgements, type AcknowledgementRecord } from './acknowledgements';
import { recordAudit } from './record-event';
import type { AcknowledgeBreakInput } from './schemas';
import { verifyAuditChain, type ChainBreak } from './verify-chain';

const acknowledgeKeys = (userId: string) => [{ key: `audit-acknowledge:${userId}`, limit: 5 }];

/** The password again, as for signing: a wrong one is refused and audited; five in a row lock acknowledging. */
async function reauthenticate(actor: Actor, seq: number, password: string) {
  const locked = lockedForMs(acknowledgeKeys(actor.userId));
  if (locked > 0) throw new Forbidden(`Acknowledging is locked after repeated wrong passwords. Try again in ${Math.ceil(locked / 60000)} minute(s).`);
  const user = getDb().select({ hash: users.passwordHash }).from(users).where(eq(users.id, actor.userId)).get();
  if (user && (await verifyPassword(password, user.hash))) return;
  getDb().transaction(
    (tx) => {
      recordFailure(tx, acknowledgeKeys(actor.userId));
      recordAudit(tx, actor, { action: 'audit.acknowledge_failed', entityType: 'audit_event', entityId: String(seq), after: { reason: 'wrong password' } });
    },
    { behavior: 'immediate' },
  );
  throw new Invalid('The password is not correct; nothing was acknowledged.', [{ path: 'password', message: 'Wrong password.' }]);
}

/** The break the verifier reports first, if it is the one asked about; otherwise why not (409). */
function brokenAt(seq: number): ChainBreak {
  const chain = verifyAuditChain(getConnection().sqlite);
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
  await reauthenticate(actor, input.seq, input.password);
  // Verified outside the write transaction (it reads the whole chain); a break never heals, so only a concurrent
  // acknowledgement of the same break can change the answer, and that is checked again inside.
  const found = brokenAt(input.seq);
  return getDb().transaction(
    (tx) => {
      clearFailures(tx, acknowledgeKeys(actor.userId)[0]!.key);
      const existing = readAcknowledgements(getConnection().sqlite).get(acknowledgementKey(found.seq, found.reason)) ?? [];
      if (existing.some((a) => a.storedHash === found.storedHash && a.computedHash === found.computedHash)) {
        throw new Conflict(`The break at sequence ${found.seq} is already acknowledged.`);
      }
      const record: AcknowledgementRecord = { brokenSeq: found.seq, verifierReason: found.reason, storedHash: found.storedHash, computedHash: found.computedHash, reason: input.reason };
      const event = recordAudit(tx, actor, { action: 'audit.break_acknowledged', entityType: 'audit_event', entityId: String(found.seq), after: record });
      return { ...record, acknowledgedSeq: event.seq, acknowledgedAt: event.at, acknowledgedBy: event.actorLabel };
    },
    { behavior: 'immediate' },
  );
}
