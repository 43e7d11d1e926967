import 'server-only';
import { desc } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { auditEvents, type ActorType } from '@/db/schema';
import type { AuditActor } from '@/lib/auth/actor';
import { canonicalJson } from '@/lib/canonical-json';
import type { AuditAction } from './actions';
import { eventHash, GENESIS_HASH, type HashedFields } from './hash';

export type AuditEntry = {
  action: AuditAction;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
};

function actorFields(actor: AuditActor) {
  if (actor.type === 'system') {
    return { actorType: 'system' as const, actorId: null, actorLabel: actor.label, ip: actor.ip ?? null, userAgent: actor.userAgent ?? null };
  }
  return {
    actorType: actor.type,
    actorId: actor.type === 'token' ? (actor.tokenId ?? null) : actor.userId,
    actorLabel: actor.type === 'token' ? `${actor.email} (API token)` : actor.email,
    ip: actor.ip,
    userAgent: actor.userAgent,
  };
}

/** Appends one event to the chain. Call it inside the transaction that makes the change it records. */
export function recordAudit(tx: Tx | Db, actor: AuditActor, entry: AuditEntry) {
  const last = tx.select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1).get();
  const fields: HashedFields & { actorType: ActorType } = {
    seq: (last?.seq ?? 0) + 1,
    at: new Date().toISOString(),
    ...actorFields(actor),
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before === undefined ? null : canonicalJson(entry.before),
    after: entry.after === undefined ? null : canonicalJson(entry.after),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row = { ...fields, prevHash, hash: eventHash(prevHash, fields) };
  tx.insert(auditEvents).values(row).run();
  return row;
}
