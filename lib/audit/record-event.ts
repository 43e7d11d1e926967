import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { first, only, rememberAuditHead, transactionAuditHead, type Db, type Tx } from '@/db';
import { auditEvents, type ActorType } from '@/db/schema';
import type { AuditActor } from '@/lib/auth/actor';
import type { AuditAction } from './actions';
import { auditJson, auditText } from './audit-text';
import { eventHash, GENESIS_HASH, type HashedFields } from './hash';

export type AuditEntry = {
  action: AuditAction;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
};

function actorFields(actor: AuditActor) {
  const request = { ip: auditText(actor.ip ?? null), userAgent: auditText(actor.userAgent ?? null) };
  if (actor.type === 'system') return { actorType: 'system' as const, actorId: null, actorLabel: auditText(actor.label), ...request };
  return {
    actorType: actor.type,
    actorId: auditText(actor.type === 'token' ? (actor.tokenId ?? null) : actor.userId),
    actorLabel: auditText(actor.type === 'token' ? `${actor.email} (API token)` : actor.email),
    ...request,
  };
}

/** The stored columns that came from outside, read back before the transaction may commit. */
const STORED_TEXT = ['actorId', 'actorLabel', 'action', 'entityType', 'entityId', 'before', 'after', 'ip', 'userAgent'] as const;

/**
 * Appends one event to the chain. Call it inside the transaction that makes the change it records (`tx`): appends
 * are serialised with every other write (one writer on SQLite, an advisory lock on PostgreSQL), so the previous
 * event read here is still the last when this one is inserted. Every text is made well-formed and bounded (see
 * audit-text.ts) before it is hashed, and read back before the transaction may commit: an event that would not
 * verify is refused (the whole change rolls back) rather than breaking the chain for ever.
 */
export async function recordAudit(tx: Tx | Db, actor: AuditActor, entry: AuditEntry) {
  // The transaction's own last append, else the table's: one round trip less per event after the first.
  const last = transactionAuditHead(tx) ?? first(await tx.select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1));
  const fields: HashedFields & { actorType: ActorType } = {
    seq: (last?.seq ?? 0) + 1,
    at: new Date().toISOString(),
    ...actorFields(actor),
    action: entry.action,
    entityType: auditText(entry.entityType),
    entityId: auditText(entry.entityId),
    before: auditJson(entry.before),
    after: auditJson(entry.after),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row = { ...fields, prevHash, hash: eventHash(prevHash, fields) };
  // Forgotten until this append is known to stand: a failure below may leave the table's head unknown.
  rememberAuditHead(tx, undefined);
  await tx.insert(auditEvents).values(row);
  const stored = only(await tx.select(Object.fromEntries(STORED_TEXT.map((key) => [key, auditEvents[key]]))).from(auditEvents).where(eq(auditEvents.seq, row.seq)));
  const differs = STORED_TEXT.find((key) => stored[key] !== row[key]);
  if (differs) throw new Error(`The audit event's ${differs} would not read back as it was hashed; nothing was recorded.`);
  rememberAuditHead(tx, { seq: row.seq, hash: row.hash });
  return row;
}
